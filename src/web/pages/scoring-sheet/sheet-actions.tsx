/**
 * The sheet's next steps from the one table of transitions (core/workflow.ts): each shown, and
 * disabled with the reason when this user cannot take it now — "Nộp" until the sheet is
 * complete (with a button to the first row that needs something), "Khiếu nại" until a row is
 * disputed. A reason is asked where the table says so; the server's refusal is shown as is.
 */
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Input, Modal, Space, Tooltip, Typography } from "antd";
import { useState } from "react";
import { type SheetActor, TRANSITIONS, type Transition } from "../../../core/workflow.ts";
import { ApiError } from "../../api.ts";
import { useClusterWords } from "../period/period-data.ts";
import { type SheetData, sheetKey, transition } from "./sheet-data.ts";
import { TONES } from "./tones.ts";

export interface Completeness {
  noValue: string[];
  noEvidence: string[];
}

// the texts below, and the transitions' labels, are written for a Cụm: shown through the
// year's words (useClusterWords)
const ACTOR_ONLY: Record<SheetActor, string> = {
  unit: "Chỉ đơn vị có biểu này thực hiện được.",
  leadership: "Chỉ Cụm trưởng, Cụm phó thực hiện được.",
  standing: "Chỉ cơ quan thường trực thực hiện được.",
};

const SHORT_LABELS: Partial<Record<string, string>> = {
  submit: "Nộp",
  agree: "Đồng ý",
  dispute: "Khiếu nại",
};

const CONFIRM: Partial<Record<string, string>> = {
  submit:
    "Sau khi nộp, đơn vị không sửa được điểm tự chấm nữa; nếu cần sửa, đề nghị Cụm trả lại biểu.",
  agree: "Đơn vị đồng ý toàn bộ điểm Cụm chấm; biểu chuyển sang đã khớp điểm.",
  dispute: "Các dòng không đồng ý cùng lý do được gửi để Cụm giải quyết tại họp trù bị.",
  review: "Kết thúc bước Cụm chấm; đơn vị sẽ xem và khớp điểm.",
  appraise: "Kết thúc thẩm định biểu này.",
};

export function SheetActions(props: {
  periodId: number;
  sheet: SheetData;
  acts: Record<SheetActor, boolean>;
  completeness: Completeness;
  unsaved: number;
  disputes: number;
  onJump(): void;
}) {
  const { periodId, sheet, acts, completeness, unsaved, disputes } = props;
  const queryClient = useQueryClient();
  const w = useClusterWords();
  const [open, setOpen] = useState<Transition | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const status = sheet.unit.status;
  const steps = TRANSITIONS.filter(
    (t) => t.from === status && t.action !== "lock" && t.action !== "unlock",
  );
  const missing = completeness.noValue.length + completeness.noEvidence.length;

  const why = (t: Transition): string | null => {
    if (!acts[t.actor]) return w(ACTOR_ONLY[t.actor]);
    if (unsaved > 0 && (t.action === "submit" || t.actor === "leadership")) {
      return `Còn ${unsaved} ô chưa lưu được: hãy sửa hoặc chờ lưu xong.`;
    }
    if (t.action === "submit" && missing > 0) return missingText(completeness);
    if (t.action === "agree" && disputes > 0) {
      return `Có ${disputes} dòng không đồng ý: gửi khiếu nại, hoặc chuyển các dòng đó thành đồng ý.`;
    }
    if (t.action === "dispute" && disputes === 0) {
      return "Chọn «Không đồng ý» kèm lý do ở ít nhất một dòng trước khi gửi khiếu nại.";
    }
    return null;
  };

  const run = async () => {
    if (!open) return;
    setBusy(true);
    setError(null);
    try {
      await transition(periodId, sheet.unit.id, {
        action: open.action,
        reason: reason.trim() || null,
        version: sheet.unit.version,
      });
      setOpen(null);
      await queryClient.invalidateQueries({ queryKey: sheetKey(periodId, sheet.unit.id) });
      void queryClient.invalidateQueries({ queryKey: ["period", periodId] });
      void queryClient.invalidateQueries({ queryKey: ["me"] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (steps.length === 0) return null;
  const confirmText = open ? CONFIRM[open.action] : undefined;
  const submitBlocked = steps.some((t) => t.action === "submit" && acts.unit && missing > 0);
  return (
    <Space wrap>
      {steps.map((t) => {
        const blocked = why(t);
        return (
          <Tooltip key={`${t.action}-${t.to}`} title={blocked}>
            <Button
              type={t.action === "sendBack" ? "default" : "primary"}
              danger={t.action === "dispute"}
              disabled={blocked !== null}
              onClick={() => {
                setReason("");
                setError(null);
                setOpen(t);
              }}
            >
              {SHORT_LABELS[t.action] ?? w(t.label)}
            </Button>
          </Tooltip>
        );
      })}
      {submitBlocked && (
        <>
          <Typography.Text style={{ color: TONES.warning }}>
            {missingText(completeness)}
          </Typography.Text>
          <Button onClick={props.onJump}>Đến dòng cần bổ sung</Button>
        </>
      )}
      <Modal
        open={open !== null}
        title={open ? w(open.label) : undefined}
        okText={open ? (SHORT_LABELS[open.action] ?? w(open.label)) : ""}
        cancelText="Hủy"
        confirmLoading={busy}
        okButtonProps={{ disabled: open?.needsReason === true && reason.trim() === "" }}
        onOk={() => void run()}
        onCancel={() => setOpen(null)}
      >
        {confirmText && <p>{w(confirmText)}</p>}
        {open?.needsReason && (
          <label htmlFor="sheet-transition-reason" style={{ display: "block" }}>
            Lý do (bắt buộc)
            <Input.TextArea
              id="sheet-transition-reason"
              autoSize={{ minRows: 3 }}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              style={{ marginTop: 4 }}
            />
          </label>
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Modal>
    </Space>
  );
}

function missingText(c: Completeness): string {
  const parts: string[] = [];
  if (c.noValue.length > 0) parts.push(`${c.noValue.length} dòng chưa có điểm`);
  if (c.noEvidence.length > 0) {
    parts.push(`${c.noEvidence.length} dòng có điểm nhưng chưa có minh chứng hoặc giải trình`);
  }
  return `Chưa nộp được: còn ${parts.join(", ")}.`;
}
