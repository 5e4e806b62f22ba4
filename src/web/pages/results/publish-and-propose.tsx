/**
 * Publishing the results to the members (leadership or standing agency), sending the award
 * proposal to the council (leadership), and the proposals already sent.
 */
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  List,
  Modal,
  Space,
  Tooltip,
  Typography,
} from "antd";
import { useState } from "react";
import { ApiError, api } from "../../api.ts";
import { formatDateTime } from "../../format.ts";
import type { PeriodOverview } from "../period/period-data.ts";
import { useProposals } from "./results-data.ts";

interface Props {
  overview: PeriodOverview;
  names: Map<string, string>;
  awardLabels: Map<string, string>;
  admin: boolean;
}

export function PublishAndPropose({ overview, names, awardLabels, admin }: Props) {
  const { period, you } = overview;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const seesProposals = you.leadership || you.standing || you.council || admin;
  const proposals = useProposals(period.id, seesProposals);
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState<"publish" | "proposal" | null>(null);

  const publish = async () => {
    setRunning("publish");
    try {
      await api("POST", `/api/periods/${period.id}/publish`);
      message.success("Đã công bố kết quả cho các đơn vị trong Cụm.");
      await queryClient.invalidateQueries({ queryKey: ["period", period.id] });
    } catch (e) {
      message.error({ content: e instanceof ApiError ? e.message : String(e), duration: 8 });
    } finally {
      setRunning(null);
    }
  };
  const propose = async () => {
    setRunning("proposal");
    setError(null);
    try {
      await api("POST", `/api/periods/${period.id}/proposal`, { note });
      message.success("Đã gửi đề nghị khen thưởng lên Hội đồng.");
      setAsking(false);
      setNote("");
      await queryClient.invalidateQueries({ queryKey: ["proposals", period.id] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRunning(null);
    }
  };

  const publishWhy = !(you.leadership || you.standing)
    ? "Chỉ Cụm trưởng, Cụm phó hoặc cơ quan thường trực công bố kết quả."
    : null;
  const proposeWhy = you.leadership ? null : "Chỉ Cụm trưởng, Cụm phó gửi đề nghị lên Hội đồng.";

  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Text>
          {period.resultsPublishedAt
            ? `Kết quả đã công bố lúc ${formatDateTime(period.resultsPublishedAt)}.`
            : "Kết quả chưa công bố: các đơn vị thành viên chưa xem được."}
        </Typography.Text>
        <Space wrap>
          <Tooltip title={publishWhy}>
            <Button
              disabled={publishWhy !== null}
              loading={running === "publish"}
              onClick={() => void publish()}
            >
              {period.resultsPublishedAt ? "Công bố lại kết quả" : "Công bố kết quả"}
            </Button>
          </Tooltip>
          <Tooltip title={proposeWhy}>
            <Button type="primary" disabled={proposeWhy !== null} onClick={() => setAsking(true)}>
              Gửi đề nghị lên Hội đồng
            </Button>
          </Tooltip>
        </Space>
      </Space>
      {seesProposals && (
        <List
          size="small"
          style={{ marginTop: 8 }}
          header={<strong>Đề nghị đã gửi Hội đồng</strong>}
          loading={proposals.isPending}
          dataSource={proposals.data?.proposals ?? []}
          locale={{
            emptyText: <Typography.Text type="secondary">Chưa gửi đề nghị nào.</Typography.Text>,
          }}
          renderItem={(p) => {
            const proposed = p.results.units.filter((u) => u.status === "proposed" && u.award);
            return (
              <List.Item>
                <div>
                  <div>
                    <strong>Đề nghị số {p.id}</strong>, gửi lúc {formatDateTime(p.submittedAt)}
                    {p.note && <>: {p.note}</>}
                  </div>
                  <div>
                    {proposed.length === 0
                      ? "Không đề nghị đơn vị nào."
                      : proposed
                          .map(
                            (u) =>
                              `${names.get(u.id) ?? u.id} — ${awardLabels.get(u.award ?? "") ?? u.award}`,
                          )
                          .join("; ")}
                  </div>
                </div>
              </List.Item>
            );
          }}
        />
      )}
      {proposals.isError && <Alert type="error" showIcon title={proposals.error.message} />}
      <Modal
        open={asking}
        title="Gửi đề nghị khen thưởng lên Hội đồng"
        okText="Gửi đề nghị"
        cancelText="Hủy"
        confirmLoading={running === "proposal"}
        onOk={() => void propose()}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>
          Đề nghị gửi kèm bảng kết quả hiện tại của Cụm (điểm, thứ hạng, hình thức đề nghị và lý
          do).
        </Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label="Ghi chú gửi Hội đồng" htmlFor="proposal-note">
            <Input.TextArea
              id="proposal-note"
              autoFocus
              rows={4}
              maxLength={5000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </Card>
  );
}
