/**
 * The screen the review and the appraisal share: the cluster's warnings (a bonus several units
 * claim with the action that settles it), the matrix of every unit side by side, the editor of
 * one value at the page's stage, and the drawer of one unit with the page's steps of the
 * workflow (and what else the page shows about the unit).
 */
import { Alert } from "antd";
import type { ReactNode } from "react";
import type { SheetAction } from "../../../core/workflow.ts";
import { useSession } from "../../session.tsx";
import { useClusterWords } from "../period/period-data.ts";
import type { ReviewUnit } from "./review-data.ts";
import { ScoreEditor } from "./score-editor.tsx";
import { ScoreMatrix } from "./score-matrix.tsx";
import { BonusConflicts } from "./settle-bonus.tsx";
import { TransitionButton } from "./transition-button.tsx";
import { UnitDrawer } from "./unit-drawer.tsx";
import type { useMatrix } from "./use-matrix.ts";

export interface Step {
  action: Exclude<SheetAction, "lock" | "unlock">;
  /** The label when the step is not possible from the sheet's status. */
  label: string;
  primary?: boolean;
}

export function ReviewWorkspace(props: {
  matrix: ReturnType<typeof useMatrix>;
  stage: "cluster" | "appraisal";
  canEdit(unit: ReviewUnit): boolean;
  /** Why this user cannot change a unit's value now; null when they can. */
  lockedReason(unit: ReviewUnit): string | null;
  steps: Step[];
  /** More about the unit open in the drawer, below its steps. */
  drawerExtra?(unit: ReviewUnit): ReactNode;
}) {
  const { matrix: m, stage } = props;
  const { drawerUnit } = m;
  const { user } = useSession();
  const w = useClusterWords();
  if (!m.review.data || !m.period.data) return null;
  const { you } = m.period.data;
  const { criteria } = m.review.data.scheme;
  const conflicts = m.review.data.conflicts ?? [];
  const withAction = new Set(conflicts.map((c) => c.warning));
  return (
    <>
      {m.review.data.warnings
        .filter((w) => !withAction.has(w))
        .map((text) => (
          <Alert key={text} type="warning" showIcon style={{ marginBottom: 8 }} title={w(text)} />
        ))}
      <BonusConflicts
        conflicts={conflicts}
        who={{
          unitId: user.role === "unit" ? user.unitId : null,
          memberRole: you.memberRole,
          leadership: you.leadership,
          standing: you.standing,
          data: you.data,
          hasDeputy: m.units.some((u) => u.role === "deputy"),
        }}
        settle={m.writes.settleBonus}
      />
      <ScoreMatrix
        criteria={criteria}
        units={m.units}
        cells={m.review.data.cells}
        sheets={m.sheets}
        stage={stage}
        canEdit={props.canEdit}
        onEdit={m.onEdit}
        onAccept={m.onAccept}
        onOpenUnit={m.onOpenUnit}
      />
      <ScoreEditor
        target={m.target}
        stage={stage}
        lockedReason={props.lockedReason}
        onClose={m.closeEditor}
        onSave={m.saveEdit}
      />
      <UnitDrawer
        periodId={m.periodId}
        unit={drawerUnit}
        sheet={drawerUnit ? m.sheets.get(drawerUnit.id) : undefined}
        updating={drawerUnit ? m.updating.has(drawerUnit.id) : false}
        criteria={criteria}
        cells={m.review.data.cells}
        onClose={m.closeDrawer}
        actions={
          drawerUnit &&
          props.steps.map((s) => (
            <TransitionButton
              key={s.action}
              action={s.action}
              unitName={drawerUnit.name}
              primary={s.primary}
              status={drawerUnit.status}
              statusLabel={drawerUnit.statusLabel}
              you={you}
              fallbackLabel={s.label}
              run={m.run(drawerUnit.id)}
            />
          ))
        }
      >
        {drawerUnit && props.drawerExtra?.(drawerUnit)}
      </UnitDrawer>
    </>
  );
}
