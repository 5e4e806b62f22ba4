/**
 * The bonuses several units claim, on the review and appraisal pages: each as a warning with
 * "Quyết định đơn vị được thưởng", a dialog listing the claiming units by name where the leader
 * (at the cluster stage) or the standing agency (at appraisal) picks one, or none, and writes a
 * reason; the others' values at the stage they write become 0 with that reason, in one step on
 * the server. Who may write which sheet is the engine's rule (sheetStage), as on the server: a
 * unit the user cannot score now is named before anything is sent, and the button is disabled.
 */
import { Alert, App, Button, Form, Modal, Radio, Space, Tooltip, Typography } from "antd";
import { useState } from "react";
import { type SheetStatus, sheetStage } from "../../../core/workflow.ts";
import { ApiError } from "../../api.ts";
import { ReasonField } from "../../reason-field.tsx";
import { WhyDisabled } from "../../why-disabled.tsx";
import { useClusterWords } from "../period/period-data.ts";
import type { BonusConflict } from "./review-data.ts";

// written for a Cụm: shown through the year's words (useClusterWords)
const STAGE_WORDS = { cluster: "Cụm chấm", appraisal: "thẩm định" } as const;

const NOT_YOURS =
  "Chỉ Cụm trưởng, Cụm phó (bước Cụm chấm) hoặc cơ quan thường trực (bước thẩm định) quyết định đơn vị được thưởng.";

/** Who the user is, for the engine's rule of which stage they write on a unit's sheet. */
export interface Settler {
  unitId: number | null;
  memberRole: string | null;
  leadership: boolean;
  standing: boolean;
  data: boolean;
  /** The cluster has a deputy this year (else the leader unit's sheet is the standing agency's). */
  hasDeputy: boolean;
}

type Claimant = BonusConflict["units"][number];

/** The stage this user writes on a claiming unit's sheet now, where settling may write. */
export function settlingStage(who: Settler, u: Claimant): "cluster" | "appraisal" | null {
  const stage = sheetStage(
    {
      own: who.unitId === u.id && who.memberRole !== null,
      leadership: who.leadership,
      standing: who.standing,
      data: who.data,
    },
    u.status as SheetStatus,
    { leaderWithoutDeputy: u.role === "leader" && !who.hasDeputy },
  );
  return stage === "cluster" || stage === "appraisal" ? stage : null;
}

/** Why the value of this claiming unit cannot be set to 0 by this user now, by name. */
function blocker(who: Settler, u: Claimant): string | null {
  if (settlingStage(who, u)) return null;
  if (who.unitId === u.id) return `${u.name} (đơn vị của bạn: không ai chấm biểu của đơn vị mình)`;
  return `${u.name} (biểu đang ở bước «${u.statusLabel}»)`;
}

export function BonusConflicts(props: {
  conflicts: BonusConflict[];
  who: Settler;
  settle(criterionId: string, unitId: number | null, reason: string): Promise<{ message: string }>;
}) {
  const [open, setOpen] = useState<BonusConflict | null>(null);
  const w = useClusterWords();
  const mayDecide = props.who.leadership || props.who.standing;
  return (
    <>
      {props.conflicts.map((c) => {
        const button = (
          <Button size="small" disabled={!mayDecide} onClick={() => setOpen(c)}>
            Quyết định đơn vị được thưởng
          </Button>
        );
        return (
          <Alert
            key={c.criterionId}
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            title={
              c.warning
                ? w(c.warning)
                : `Tiêu chí ${c.criterionId} (${c.title}): ${c.units.map((u) => u.name).join(", ")} cùng đề nghị thưởng, nhưng ${w("mỗi Cụm chỉ một đơn vị được thưởng.")}`
            }
            action={
              mayDecide ? (
                button
              ) : (
                <Tooltip title={w(NOT_YOURS)}>
                  <span>{button}</span>
                </Tooltip>
              )
            }
          />
        );
      })}
      {open && (
        <SettleDialog
          conflict={open}
          who={props.who}
          settle={props.settle}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}

function SettleDialog(props: {
  conflict: BonusConflict;
  who: Settler;
  settle(criterionId: string, unitId: number | null, reason: string): Promise<{ message: string }>;
  onClose(): void;
}) {
  const { conflict: c, who } = props;
  const { message } = App.useApp();
  const w = useClusterWords();
  const [choice, setChoice] = useState<number | "none" | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const others = choice === null ? [] : c.units.filter((u) => u.id !== choice);
  const blocked = others.map((u) => blocker(who, u)).filter((b): b is string => b !== null);
  const stages = [
    ...new Set(
      others.flatMap((u) => {
        const s = settlingStage(who, u);
        return s ? [w(STAGE_WORDS[s])] : [];
      }),
    ),
  ];
  const why =
    choice === null
      ? "Chọn đơn vị được thưởng, hoặc không đơn vị nào."
      : blocked.length > 0
        ? `Bạn chưa ghi được điểm 0 cho ${blocked.join(", ")}.`
        : reason.trim() === ""
          ? "Ghi lý do quyết định."
          : null;

  const go = async () => {
    if (why || choice === null) return;
    setRunning(true);
    setError(null);
    try {
      const out = await props.settle(c.criterionId, choice === "none" ? null : choice, reason);
      message.success({ content: out.message, duration: 6 });
      props.onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };

  const ok = (
    <Button type="primary" disabled={why !== null} loading={running} onClick={() => void go()}>
      Lưu quyết định
    </Button>
  );
  return (
    <Modal
      open
      title={`Quyết định đơn vị được thưởng: tiêu chí ${c.criterionId}`}
      onCancel={props.onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={props.onClose}>Hủy</Button>
          <WhyDisabled why={why}>{ok}</WhyDisabled>
        </Space>
      }
    >
      <Typography.Paragraph>
        {c.title}. {w("Mỗi Cụm chỉ một đơn vị được thưởng; các đơn vị cùng đề nghị:")}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="Đơn vị được thưởng" required>
          <Radio.Group
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            style={{ display: "flex", flexDirection: "column", gap: 4 }}
          >
            {c.units.map((u) => (
              <Radio key={u.id} value={u.id}>
                {u.name} <Typography.Text type="secondary">(biểu: {u.statusLabel})</Typography.Text>
              </Radio>
            ))}
            <Radio value="none">Không đơn vị nào được thưởng</Radio>
          </Radio.Group>
        </Form.Item>
        <ReasonField
          id={`settle-reason-${c.criterionId}`}
          label="Lý do"
          value={reason}
          onChange={setReason}
          extra="Lý do được ghi kèm điểm 0 của từng đơn vị không được thưởng và trong lịch sử; đơn vị xem được."
          autoFocus={false}
        />
      </Form>
      {choice !== null && blocked.length === 0 && (
        <Typography.Paragraph>
          Điểm {stages.join(", ")} tiêu chí {c.criterionId} của{" "}
          {others.map((u) => u.name).join(", ")} sẽ về 0, kèm lý do này.
        </Typography.Paragraph>
      )}
      {blocked.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`Bạn chưa ghi được điểm 0 cho ${blocked.join(", ")}.`}
          description={w(
            "Cụm trưởng, Cụm phó quyết định ở bước Cụm chấm (biểu đã nộp); cơ quan thường trực ở bước thẩm định (biểu đã khớp điểm).",
          )}
        />
      )}
      {error && <Alert type="error" showIcon style={{ marginTop: 8 }} title={error} />}
    </Modal>
  );
}
