/**
 * A step of a sheet's workflow as a button: enabled only when the sheet is in the step's
 * starting status and the user is the actor (otherwise disabled, the tooltip says why); a step
 * that needs a reason asks for it first; a step that finishes a stage (Cụm chấm, thẩm định)
 * asks to confirm, naming the unit and what the step does. The server's refusal is shown as it
 * says it.
 */
import { Alert, App, Button, Form, Modal, Typography } from "antd";
import { useState } from "react";
import { type SheetAction, type SheetStatus, TRANSITIONS } from "../../../core/workflow.ts";
import { ApiError } from "../../api.ts";
import { ReasonField } from "../../reason-field.tsx";
import { WhyDisabled } from "../../why-disabled.tsx";
import { useClusterWords } from "../period/period-data.ts";

// the texts below and the labels of the transitions and of the page's steps are written for a
// Cụm: shown through the year's words (useClusterWords)
const ACTOR_DENIED = {
  unit: "Chỉ đơn vị được thực hiện thao tác này trên biểu của mình.",
  leadership: "Chỉ Cụm trưởng, Cụm phó được thực hiện thao tác này.",
  standing: "Chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng được thực hiện thao tác này.",
};

/** What a step that finishes a stage does, said before it is confirmed (the unit by name). */
const FINISHES: Partial<
  Record<SheetAction, (unit: string, w: (text: string) => string) => string[]>
> = {
  review: (unit, w) => [
    `${w("Hoàn thành Cụm chấm")} biểu của ${unit}: ${w("các điểm Cụm chưa sửa được giữ nguyên như đơn vị tự chấm.")}`,
    w(
      "Biểu chuyển cho đơn vị khớp điểm (đồng ý hoặc khiếu nại); Cụm không sửa điểm của biểu này được nữa, trừ khi rà soát lại có ghi lý do.",
    ),
  ],
  appraise: (unit, w) => [
    `Hoàn thành thẩm định biểu của ${unit}: ${w("các điểm chưa sửa được giữ nguyên như Cụm chấm (đã khớp điểm).")}`,
    "Kết quả của đơn vị này chờ cơ quan thường trực khóa kết quả; muốn sửa lại phải hủy thẩm định, có ghi lý do.",
  ],
};

interface Props {
  action: Exclude<SheetAction, "lock" | "unlock">;
  /** The unit whose sheet it is, by name: a step that finishes a stage names it. */
  unitName: string;
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
  const { action, unitName, status, statusLabel, you, primary, run } = props;
  const { message } = App.useApp();
  const w = useClusterWords();
  const [asking, setAsking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const t = TRANSITIONS.find((x) => x.action === action && x.from === (status as SheetStatus));
  const label = w(t?.label ?? props.fallbackLabel);
  const allowed =
    t?.actor === "leadership" ? you.leadership : t?.actor === "standing" && you.standing;
  const why = !t
    ? `Biểu đang ở trạng thái "${statusLabel}": chưa thể "${w(props.fallbackLabel)}".`
    : !allowed
      ? w(ACTOR_DENIED[t.actor])
      : null;

  const finishes = t ? FINISHES[t.action] : undefined;

  const go = async (r?: string) => {
    setRunning(true);
    setError(null);
    try {
      const out = (await run(action, r)) as { label?: string } | undefined;
      setAsking(false);
      setConfirming(false);
      setReason("");
      // the server's label of the status is written for a Cụm
      message.success(out?.label ? `${label}: biểu chuyển sang "${w(out.label)}".` : label);
    } catch (e) {
      const text = e instanceof ApiError ? e.message : String(e);
      if (asking || confirming || t?.needsReason) setError(text);
      else message.error({ content: text, duration: 8 });
    } finally {
      setRunning(false);
    }
  };

  const button = (
    <Button
      type={primary ? "primary" : "default"}
      disabled={why !== null}
      loading={running && !asking && !confirming}
      onClick={() =>
        t?.needsReason ? setAsking(true) : finishes ? setConfirming(true) : void go()
      }
    >
      {label}
    </Button>
  );
  return (
    <>
      <WhyDisabled why={why}>{button}</WhyDisabled>
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
          <ReasonField
            id={`reason-${action}`}
            label="Lý do"
            value={reason}
            onChange={setReason}
            extra="Lý do được lưu trong lịch sử của biểu; đơn vị xem được."
          />
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
      <Modal
        open={confirming}
        title={label}
        okText={label}
        cancelText="Hủy"
        confirmLoading={running}
        onOk={() => void go()}
        onCancel={() => {
          setConfirming(false);
          setError(null);
        }}
        destroyOnHidden
      >
        {finishes?.(unitName, w).map((line) => (
          <Typography.Paragraph key={line}>{line}</Typography.Paragraph>
        ))}
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </>
  );
}
