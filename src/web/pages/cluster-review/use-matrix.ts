/**
 * What the review and appraisal pages share: the matrix, every unit's sheet, the cell being
 * edited, accepting a unit's value at the page's stage, and each sheet's version.
 */
import { App } from "antd";
import { useCallback, useMemo, useState } from "react";
import { ApiError } from "../../api.ts";
import type { CriterionRow } from "../period/period-data.ts";
import { usePeriod, usePeriodId } from "../period/period-data.ts";
import {
  priorValue,
  type ReviewUnit,
  sameValue,
  useReview,
  useReviewWrites,
  useSheets,
} from "./review-data.ts";
import type { EditTarget } from "./score-editor.tsx";
import { focusMatrixCell } from "./score-matrix.tsx";

export function useMatrix(stage: "cluster" | "appraisal") {
  const periodId = usePeriodId();
  const period = usePeriod();
  const review = useReview(periodId);
  const units = review.data?.units ?? [];
  const sheetQueries = useSheets(
    periodId,
    units.map((u) => u.id),
  );
  const sheetsKey = sheetQueries.map((q) => q.dataUpdatedAt).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: sheetsKey stands for the sheets
  const sheets = useMemo(
    () => new Map(sheetQueries.flatMap((q) => (q.data ? [[q.data.unit.id, q.data] as const] : []))),
    [sheetsKey],
  );
  // sheets being fetched again (after a save): their totals are the server's of before
  const updating = new Set(
    sheetQueries.flatMap((q) => (q.isFetching && q.data ? [q.data.unit.id] : [])),
  );
  const writes = useReviewWrites(periodId);
  const { message } = App.useApp();
  const [target, setTarget] = useState<EditTarget | null>(null);
  const [openUnit, setOpenUnit] = useState<number | null>(null);
  const cells = review.data?.cells;

  const onEdit = useCallback(
    (unit: ReviewUnit, criterion: CriterionRow, typed?: number) =>
      setTarget({
        unit,
        criterion,
        cell: cells?.[criterion.id]?.[unit.id],
        row: sheets.get(unit.id)?.rows.find((r) => r.criterionId === criterion.id),
        typed,
      }),
    [cells, sheets],
  );

  const onAccept = useCallback(
    async (unit: ReviewUnit, criterion: CriterionRow) => {
      const cell = cells?.[criterion.id]?.[unit.id];
      const proposed = priorValue(cell, stage);
      if (proposed === undefined) {
        message.warning("Chưa có điểm của bước trước để chấp nhận.");
        return false;
      }
      if (cell?.[stage] !== undefined && sameValue(cell[stage], proposed)) return true;
      try {
        await writes.saveScore({
          unitId: unit.id,
          criterionId: criterion.id,
          stage,
          value: proposed,
          comment: null,
        });
        return true;
      } catch (e) {
        message.error({ content: e instanceof ApiError ? e.message : String(e), duration: 8 });
        writes.refresh(unit.id);
        return false;
      }
    },
    [cells, writes, message, stage],
  );

  const onOpenUnit = useCallback((u: ReviewUnit) => setOpenUnit(u.id), []);

  const closeEditor = () => {
    if (target) {
      const col = units.findIndex((u) => u.id === target.unit.id);
      const id = target.criterion.id;
      setTimeout(() => focusMatrixCell(id, col), 50);
    }
    setTarget(null);
  };

  const saveEdit = async (t: EditTarget, value: unknown, comment: string | null) => {
    await writes.saveScore({
      unitId: t.unit.id,
      criterionId: t.criterion.id,
      stage,
      value,
      comment,
    });
  };

  /** A sheet's version for its transitions: the overview's, else the sheet's. */
  const version = (unitId: number) =>
    period.data?.units.find((u) => u.id === unitId)?.version ??
    sheets.get(unitId)?.unit.version ??
    1;
  const run = (unitId: number) => (action: string, reason?: string) =>
    writes.transition(unitId, action, version(unitId), reason);

  return {
    periodId,
    period,
    review,
    units,
    sheets,
    updating,
    writes,
    target,
    onEdit,
    onAccept,
    onOpenUnit,
    closeEditor,
    saveEdit,
    drawerUnit: units.find((u) => u.id === openUnit) ?? null,
    closeDrawer: () => setOpenUnit(null),
    run,
    version,
  };
}
