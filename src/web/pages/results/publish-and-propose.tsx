/**
 * Publishing the results to the members (leadership or standing agency), after a confirmation
 * that says what it does, as provisional results (tạm tính) with the cluster's reason while
 * sheets wait for reconciliation; withdrawing a publication with a reason; sending the award
 * proposal to the council (leadership), and the proposals already sent.
 */
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, List, Modal, Space, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { namesList } from "../../../core/publication.ts";
import { ApiError, api } from "../../api.ts";
import { formatDateTime } from "../../format.ts";
import { ReasonField } from "../../reason-field.tsx";
import { WhyDisabled } from "../../why-disabled.tsx";
import { type PeriodOverview, useClusterWords } from "../period/period-data.ts";
import { useProposals } from "./results-data.ts";

interface Props {
  overview: PeriodOverview;
  names: Map<string, string>;
  awardLabels: Map<string, string>;
  admin: boolean;
}

// written for a Cụm, as the texts of the card: shown through the year's words (useClusterWords)
const DENY_PUBLISH = "Chỉ Cụm trưởng, Cụm phó hoặc cơ quan thường trực công bố, thu hồi kết quả.";

export function PublishAndPropose({ overview, names, awardLabels, admin }: Props) {
  const { period, you, publication } = overview;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const w = useClusterWords();
  const seesProposals = you.leadership || you.standing || you.council || admin;
  const proposals = useProposals(period.id, seesProposals);
  const [dialog, setDialog] = useState<"publish" | "unpublish" | "proposal" | null>(null);
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const sheets = overview.units.length;
  const missing = publication.notReconciled;
  const published = publication.publishedAt !== null;

  const open = (which: "publish" | "unpublish" | "proposal") => {
    setError(null);
    setReason("");
    setDialog(which);
  };
  const close = () => {
    setDialog(null);
    setError(null);
  };
  /** Send one request of the dialog; the dialog stays open with the server's refusal. */
  const send = async (request: () => Promise<unknown>, done: string, keys: unknown[][]) => {
    setRunning(true);
    setError(null);
    try {
      await request();
      message.success(done);
      setDialog(null);
      setReason("");
      for (const queryKey of keys) await queryClient.invalidateQueries({ queryKey });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };
  const provisionalPublish = missing.length > 0;
  const publish = () =>
    send(
      () =>
        api(
          "POST",
          `/api/periods/${period.id}/publish`,
          provisionalPublish ? { provisional: true, reason: reason.trim() } : {},
        ),
      w(
        provisionalPublish
          ? "Đã công bố kết quả tạm tính cho các đơn vị trong Cụm."
          : "Đã công bố kết quả cho các đơn vị trong Cụm.",
      ),
      [
        ["period", period.id],
        ["results", period.id],
      ],
    );
  const unpublish = () =>
    send(
      () => api("POST", `/api/periods/${period.id}/unpublish`, { reason: reason.trim() }),
      "Đã thu hồi công bố: các đơn vị thành viên không còn xem được kết quả.",
      [
        ["period", period.id],
        ["results", period.id],
      ],
    );
  const propose = () =>
    send(
      async () => {
        await api("POST", `/api/periods/${period.id}/proposal`, { note });
        setNote("");
      },
      "Đã gửi đề nghị khen thưởng lên Hội đồng.",
      [["proposals", period.id]],
    );

  const mayPublish = you.leadership || you.standing;
  const publishWhy = mayPublish ? null : w(DENY_PUBLISH);
  const unpublishWhy = !mayPublish
    ? w(DENY_PUBLISH)
    : !published
      ? "Kết quả chưa công bố: không có gì để thu hồi."
      : null;
  const proposeWhy = you.leadership ? null : w("Chỉ Cụm trưởng, Cụm phó gửi đề nghị lên Hội đồng.");
  const withWhy = (why: string | null, button: ReactNode) => (
    <WhyDisabled why={why}>{button}</WhyDisabled>
  );

  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Text>
          {publication.publishedAt
            ? `Kết quả đã công bố lúc ${formatDateTime(publication.publishedAt)}${publication.publishedProvisional ? w(" (công bố tạm tính, theo quyết định của Cụm)") : ""}: các đơn vị thành viên xem được.`
            : "Kết quả chưa công bố: các đơn vị thành viên chưa xem được."}
        </Typography.Text>
        <Space wrap>
          {withWhy(
            publishWhy,
            <Button disabled={publishWhy !== null} onClick={() => open("publish")}>
              {published ? "Công bố lại kết quả" : "Công bố kết quả"}
            </Button>,
          )}
          {withWhy(
            unpublishWhy,
            <Button danger disabled={unpublishWhy !== null} onClick={() => open("unpublish")}>
              Thu hồi công bố
            </Button>,
          )}
          {withWhy(
            proposeWhy,
            <Button type="primary" disabled={proposeWhy !== null} onClick={() => open("proposal")}>
              Gửi đề nghị lên Hội đồng
            </Button>,
          )}
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
        open={dialog === "publish"}
        title={provisionalPublish ? "Công bố kết quả tạm tính" : "Công bố kết quả cho các đơn vị"}
        okText={provisionalPublish ? "Công bố tạm tính" : "Công bố kết quả"}
        cancelText="Hủy"
        confirmLoading={running}
        onOk={() => void publish()}
        onCancel={close}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {w(
            "Sau khi công bố, mọi đơn vị thành viên của Cụm xem được bảng xếp hạng: điểm, thứ hạng và hình thức đề nghị khen thưởng của tất cả các đơn vị, và tải được bảng tổng hợp. Có thể thu hồi công bố sau đó, có ghi lý do.",
          )}
        </Typography.Paragraph>
        {published && (
          <Typography.Paragraph>
            Kết quả đã công bố lúc {formatDateTime(publication.publishedAt)}; công bố lại sẽ thay
            cho lần công bố trước.
          </Typography.Paragraph>
        )}
        {provisionalPublish ? (
          <>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`Còn ${missing.length}/${sheets} biểu chưa khớp điểm: ${namesList(missing)}.`}
              description={w(
                "Chưa đủ điều kiện công bố kết quả chính thức. Chỉ công bố được kết quả tạm tính nếu Cụm quyết định; màn hình kết quả và các tệp sẽ ghi rõ «KẾT QUẢ TẠM TÍNH».",
              )}
            />
            <Form layout="vertical">
              <ReasonField
                id="publish-reason"
                label={w("Lý do Cụm quyết định công bố tạm tính")}
                value={reason}
                onChange={setReason}
                extra="Lý do được ghi vào nhật ký và hiện cùng kết quả tạm tính."
              />
            </Form>
          </>
        ) : (
          publication.provisional && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={`Mọi biểu đã khớp điểm. Kết quả vẫn là tạm tính cho đến khi cơ quan thường trực thẩm định xong (còn ${publication.notAppraised.length} biểu: ${namesList(publication.notAppraised)}).`}
            />
          )
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
      <Modal
        open={dialog === "unpublish"}
        title="Thu hồi công bố kết quả"
        okText="Thu hồi công bố"
        okButtonProps={{ danger: true }}
        cancelText="Hủy"
        confirmLoading={running}
        onOk={() => void unpublish()}
        onCancel={close}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {w(
            "Sau khi thu hồi, các đơn vị thành viên không xem được bảng xếp hạng và bảng tổng hợp nữa, cho đến khi Cụm công bố lại.",
          )}
        </Typography.Paragraph>
        <Form layout="vertical">
          <ReasonField
            id="unpublish-reason"
            label="Lý do thu hồi"
            value={reason}
            onChange={setReason}
            extra="Lý do được ghi vào nhật ký."
          />
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
      <Modal
        open={dialog === "proposal"}
        title="Gửi đề nghị khen thưởng lên Hội đồng"
        okText="Gửi đề nghị"
        cancelText="Hủy"
        confirmLoading={running}
        onOk={() => void propose()}
        onCancel={close}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {w(
            "Đề nghị gửi kèm bảng kết quả hiện tại của Cụm (điểm, thứ hạng, hình thức đề nghị và lý do).",
          )}
          {publication.provisional &&
            " Kết quả này còn tạm tính: chưa thẩm định xong tất cả các biểu."}
        </Typography.Paragraph>
        <Form layout="vertical">
          <ReasonField
            id="proposal-note"
            label="Ghi chú gửi Hội đồng"
            value={note}
            onChange={setNote}
            required={false}
            rows={4}
            maxLength={5000}
          />
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </Card>
  );
}
