/**
 * The cluster's review matrix (GET /api/periods/:id/review) and each unit's sheet (versions of
 * each value, the unit's agree/dispute responses, totals), with the writes of the review and
 * appraisal pages: a score at the cluster or appraisal stage, a sheet's transition.
 */
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { STAGES, type Stage } from "../../../core/evaluate.ts";
import { api } from "../../api.ts";
import type { CriterionRow, SchemeOut } from "../period/period-data.ts";
import type { SheetRow, StageTotals } from "../scoring-sheet/sheet-data.ts";

export { type SheetRow, STAGES, type Stage };
export type Cell = Partial<Record<Stage, unknown>>;

export interface ReviewUnit {
  id: number;
  code: string;
  name: string;
  role: "leader" | "deputy" | "member";
  status: string;
  statusLabel: string;
}

export interface ReviewMatrix {
  scheme: SchemeOut;
  units: ReviewUnit[];
  cells: Record<string, Record<string, Cell>>;
  /** What the whole cluster raises now (a one-unit bonus several units claim…), by name. */
  warnings: string[];
  /** The one-unit bonuses several units claim, for the leader to settle. */
  conflicts: BonusConflict[];
}

/** A one-unit-per-cluster bonus several units claim: the criterion and the claiming units. */
export interface BonusConflict {
  criterionId: string;
  title: string;
  /** The warning about it among the review's warnings (shown with the action). */
  warning: string | null;
  units: {
    id: number;
    name: string;
    role: "leader" | "deputy" | "member";
    status: string;
    statusLabel: string;
  }[];
}

export interface UnitSheet {
  unit: ReviewUnit & { version: number };
  rows: SheetRow[];
  totals: { self: StageTotals; cluster: StageTotals; appraisal: StageTotals };
}

export function useReview(periodId: number) {
  return useQuery({
    queryKey: ["review", periodId],
    queryFn: () => api<ReviewMatrix>("GET", `/api/periods/${periodId}/review`),
  });
}

export const sheetKey = (periodId: number, unitId: number) => ["sheet", periodId, unitId];

/** Every unit's sheet, loaded beside the matrix: versions, responses and totals. */
export function useSheets(periodId: number, unitIds: number[]) {
  return useQueries({
    queries: unitIds.map((unitId) => ({
      queryKey: sheetKey(periodId, unitId),
      queryFn: () => api<UnitSheet>("GET", `/api/periods/${periodId}/units/${unitId}/sheet`),
    })),
  });
}

/** The value a stage starts from: the latest value before it (the server's rule). */
export function priorValue(cell: Cell | undefined, stage: Stage): unknown {
  if (!cell) return undefined;
  for (let i = STAGES.indexOf(stage) - 1; i >= 0; i--) {
    const v = cell[STAGES[i] as Stage];
    if (v !== undefined) return v;
  }
  return undefined;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The writes of the review pages, keeping the matrix and the sheet up to date after each. */
export function useReviewWrites(periodId: number) {
  const queryClient = useQueryClient();
  const refresh = (unitId?: number) => {
    void queryClient.invalidateQueries({ queryKey: ["period", periodId] });
    void queryClient.invalidateQueries({ queryKey: ["review", periodId] });
    if (unitId !== undefined)
      void queryClient.invalidateQueries({ queryKey: sheetKey(periodId, unitId) });
    else void queryClient.invalidateQueries({ queryKey: ["sheet", periodId] });
  };
  return {
    refresh,
    async saveScore(input: {
      unitId: number;
      criterionId: string;
      stage: Stage;
      value: unknown;
      comment: string | null;
    }) {
      const sheet = queryClient.getQueryData<UnitSheet>(sheetKey(periodId, input.unitId));
      const version =
        sheet?.rows.find((r) => r.criterionId === input.criterionId)?.values[input.stage]
          ?.version ?? 0;
      const saved = await api<{ version: number; stage: Stage }>(
        "PUT",
        `/api/periods/${periodId}/units/${input.unitId}/scores/${encodeURIComponent(input.criterionId)}`,
        { value: input.value, comment: input.comment, version },
      );
      queryClient.setQueryData<UnitSheet>(sheetKey(periodId, input.unitId), (old) =>
        old
          ? {
              ...old,
              rows: old.rows.map((r) =>
                r.criterionId === input.criterionId
                  ? {
                      ...r,
                      // the server's points and totals are of the values before this save
                      figuresFrom: r.figuresFrom ?? r.values,
                      values: {
                        ...r.values,
                        [saved.stage]: {
                          value: input.value,
                          comment: input.comment,
                          explanation: null,
                          version: saved.version,
                          by: "",
                          at: new Date().toISOString(),
                        },
                      },
                    }
                  : r,
              ),
            }
          : old,
      );
      queryClient.setQueryData<ReviewMatrix>(["review", periodId], (old) => {
        if (!old) return old;
        const row = { ...(old.cells[input.criterionId] ?? {}) };
        row[input.unitId] = { ...(row[input.unitId] ?? {}), [saved.stage]: input.value };
        return { ...old, cells: { ...old.cells, [input.criterionId]: row } };
      });
      // the sheet's points and totals as the server evaluates them; a bonus compared across
      // the cluster (one unit per cluster: the highest share, a bonus several units claim)
      // changes other units' totals too, so every sheet then; the warnings come anew
      const criterion = queryClient
        .getQueryData<ReviewMatrix>(["review", periodId])
        ?.scheme.criteria.find((c) => c.id === input.criterionId);
      void queryClient.invalidateQueries({
        queryKey:
          criterion && !criterion.onePerCluster
            ? sheetKey(periodId, input.unitId)
            : ["sheet", periodId],
      });
      void queryClient.invalidateQueries({ queryKey: ["review", periodId] });
      return saved;
    },
    /** Give a bonus several units claim to one of them (or none): the others' values become 0. */
    async settleBonus(criterionId: string, unitId: number | null, reason: string) {
      const out = await api<{
        criterionId: string;
        unitId: number | null;
        unitName: string | null;
        zeroed: { unitId: number; name: string; stage: "cluster" | "appraisal" }[];
        message: string;
      }>("POST", `/api/periods/${periodId}/bonuses/${encodeURIComponent(criterionId)}/settle`, {
        unitId,
        reason,
      });
      refresh();
      void queryClient.invalidateQueries({ queryKey: ["results", periodId] });
      return out;
    },
    async transition(unitId: number, action: string, version: number, reason?: string) {
      const out = await api<{ status: string; label: string; version: number }>(
        "POST",
        `/api/periods/${periodId}/units/${unitId}/transitions`,
        { action, reason: reason ?? null, version },
      );
      refresh(unitId);
      return out;
    },
  };
}

/** Leaf criteria only (groups are summed, never scored). */
export const isLeaf = (c: CriterionRow) => c.kind !== "group";
