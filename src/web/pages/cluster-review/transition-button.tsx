/**
 * A step of a sheet's workflow as a button: enabled only when the sheet is in the step's
 * starting status and the user is the actor (otherwise disabled, the tooltip says why); a step
 * that needs a reason asks for it first. The server's refusal is shown as it says it.
 */
import { Alert, App, Button, Form, Input, Modal, Tooltip } from "antd";
import { useState } from "react";
import { type SheetAction, type SheetStatus, TRANSITIONS } from "../../../core/workflow.ts";
import { ApiError } from "../../api.ts";

const ACTOR_DENIED = {
  unit: "Chỉ đơn vị được thực hiện thao tác này trên biểu của mình.",
  leadership: "Chỉ Cụm trưởng, Cụm phó được thực hiện thao tác này.",
  standing: "Chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng được thực hiện thao tác này.",
};

interface Props {
  action: Exclude<SheetAction, "lock" | "unlock">;
  status: string;
  statusLabel: string;
  /** What the user is to the cluster's year: the step's actor decides. */
  you: { leadership: boolean; standing: boolean };
  /** The label when the step is not possible from this status. */
  fallbackLabel: string;
  primary?: boolean;
  run(action: string, reason?: string): Promise<unknown>;
}

export function TransitionButton(props: Props) {
  const { action, status, statusLabel, you, primary, run } = props;
  const { message } = App.useApp();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const t = TRANSITIONS.find((x) => x.action === action && x.from === (status as SheetStatus));
  const label = t?.label ?? props.fallbackLabel;
  const allowed =
    t?.actor === "leadership" ? you.leadership : t?.actor === "standing" && you.standing;
  const why = !t
    ? `Biểu đang ở trạng thái "${statusLabel}": chưa thể "${props.fallbackLabel}".`
    : !allowed
      ? ACTOR_DENIED[t.actor]
      : null;

  const go = async (r?: string) => {
    setRunning(true);
    setError(null);
    try {
      const out = (await run(action, r)) as { label?: string } | undefined;
      setAsking(false);
      setReason("");
      message.success(out?.label ? `${label}: biểu chuyển sang "${out.label}".` : label);
    } catch (e) {
      const text = e instanceof ApiError ? e.message : String(e);
      if (asking || t?.needsReason) setError(text);
      else message.error({ content: text, duration: 8 });
    } finally {
      setRunning(false);
    }
  };

  const button = (
    <Button
      type={primary ? "primary" : "default"}
      disabled={why !== null}
      loading={running && !asking}
      onClick={() => (t?.needsReason ? setAsking(true) : void go())}
    >
      {label}
    </Button>
  );
  return (
    <>
      {why ? (
        <Tooltip title={why}>
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      <Modal
        open={asking}
        title={label}
        okText={label}
        cancelText="Hủy"
        confirmLoading={running}
        onOk={() => void go(reason)}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item
            label="Lý do"
            htmlFor={`reason-${action}`}
            required
            extra="Lý do được lưu trong lịch sử của biểu; đơn vị xem được."
          >
            <Input.TextArea
              id={`reason-${action}`}
              autoFocus
              rows={3}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </>
  );
}
