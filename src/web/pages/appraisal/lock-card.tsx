/**
 * Locking the cluster's appraised result: only once every sheet is appraised, with the words
 * "KHÓA KẾT QUẢ" typed exactly and the decision document named; unlocking needs a reason.
 */
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Modal, Space, Tooltip, Typography } from "antd";
import { useState } from "react";
import { clusterText } from "../../../core/labels.ts";
import { ApiError, api } from "../../api.ts";
import { formatDateTime } from "../../format.ts";
import { ReasonField } from "../../reason-field.tsx";
import type { PeriodOverview } from "../period/period-data.ts";

const CONFIRMATION = "KHÓA KẾT QUẢ";

export function LockCard({ overview }: { overview: PeriodOverview }) {
  const { period, units, you } = overview;
  const kind = overview.cluster.kind;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<"lock" | "unlock" | null>(null);
  const [confirmation, setConfirmation] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const appraised = units.filter((u) => u.status === "appraised").length;
  const locked = period.lockedAt !== null;
  const notReady = units.length - appraised;

  const close = () => {
    setDialog(null);
    setConfirmation("");
    setText("");
    setError(null);
  };
  const submit = async () => {
    setRunning(true);
    setError(null);
    try {
      if (dialog === "lock")
        await api("POST", `/api/periods/${period.id}/lock`, { confirmation, decision: text });
      else await api("POST", `/api/periods/${period.id}/unlock`, { reason: text });
      message.success(
        dialog === "lock" ? clusterText("Đã khóa kết quả của Cụm.", kind) : "Đã mở khóa kết quả.",
      );
      close();
      await queryClient.invalidateQueries({ queryKey: ["period", period.id] });
      void queryClient.invalidateQueries({ queryKey: ["review", period.id] });
      void queryClient.invalidateQueries({ queryKey: ["sheet", period.id] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };

  const lockWhy = !you.standing
    ? "Chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng khóa kết quả."
    : notReady > 0
      ? `Còn ${notReady} biểu chưa thẩm định xong: chưa khóa được kết quả.`
      : null;
  const unlockWhy = !you.standing
    ? "Chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng mở khóa kết quả."
    : null;

  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <div>
          <Typography.Text strong>Khóa kết quả: </Typography.Text>
          {locked ? (
            <Typography.Text>
              đã khóa lúc {formatDateTime(period.lockedAt)} theo {period.lockDecision}.
            </Typography.Text>
          ) : (
            <Typography.Text>
              {appraised}/{units.length} biểu đã thẩm định.
            </Typography.Text>
          )}
        </div>
        {locked ? (
          <Tooltip title={unlockWhy}>
            <Button disabled={unlockWhy !== null} onClick={() => setDialog("unlock")}>
              Mở khóa kết quả
            </Button>
          </Tooltip>
        ) : (
          <Tooltip title={lockWhy}>
            <Button type="primary" disabled={lockWhy !== null} onClick={() => setDialog("lock")}>
              Khóa kết quả
            </Button>
          </Tooltip>
        )}
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog === "lock" ? clusterText("Khóa kết quả của Cụm", kind) : "Mở khóa kết quả"}
        okText={dialog === "lock" ? "Khóa kết quả" : "Mở khóa kết quả"}
        cancelText="Hủy"
        confirmLoading={running}
        onOk={() => void submit()}
        onCancel={close}
        destroyOnHidden
      >
        {dialog === "lock" ? (
          <Form layout="vertical">
            <Typography.Paragraph>
              Sau khi khóa, điểm của mọi biểu không sửa được nữa; mở khóa cần ghi lý do và mọi giá
              trị trước đó vẫn được lưu trong lịch sử.
            </Typography.Paragraph>
            <Form.Item
              label="Số, ngày của văn bản quyết định kết quả"
              htmlFor="lock-decision"
              required
            >
              <Input
                id="lock-decision"
                autoFocus
                maxLength={500}
                placeholder="Ví dụ: Quyết định số 123/QĐ-UBND ngày 20/01/2026"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </Form.Item>
            <Form.Item
              label={`Để xác nhận, hãy gõ đúng "${CONFIRMATION}"`}
              htmlFor="lock-confirmation"
              required
            >
              <Input
                id="lock-confirmation"
                maxLength={100}
                autoComplete="off"
                value={confirmation}
                onChange={(e) => setConfirmation(e.target.value)}
              />
            </Form.Item>
          </Form>
        ) : (
          <Form layout="vertical">
            <ReasonField id="unlock-reason" label="Lý do mở khóa" value={text} onChange={setText} />
          </Form>
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </Card>
  );
}
