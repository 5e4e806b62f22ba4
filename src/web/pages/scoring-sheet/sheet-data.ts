/** A unit's scoring sheet as the server sends it (GET …/sheet), its evidence and its history. */
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ScoreValue, Stage } from "../../../core/evaluate.ts";
import { api, uploadFile } from "../../api.ts";
import { type HistoryFilters, type HistoryPage, historyQuery } from "../../audit-labels.ts";
import type { SchemeOut } from "../period/period-data.ts";

/** What one stage recorded for a criterion. */
export interface StageEntry {
  value: ScoreValue;
  comment: string | null;
  explanation: string | null;
  version: number;
  by: string;
  at: string;
  /** An official figure's data agency (its unit's name, else its account's). */
  agency?: string;
}

export interface SheetRow {
  criterionId: string;
  values: Partial<Record<Stage, StageEntry>>;
  points: Record<Stage, number>;
  detail: string | null;
  /** How each stage's points were found, as the server found them. */
  details: Record<Stage, string | null>;
  /**
   * Set in the browser when a value of the row is saved, until the sheet is fetched again: the
   * values the server's points and totals were computed from (they do not show the save yet).
   */
  figuresFrom?: Partial<Record<Stage, StageEntry>>;
  evidenceCount: number;
  response: { agreement: "agree" | "dispute"; reason: string | null } | null;
  /** Reconciled with a cross-inspection team: the unit changing its figure is excluded. */
  inspected?: { team: string; visitOn: string | null } | null;
}

/** A unit's whole-cluster facts at one stage (points in hundredths, as the engine's). */
export interface ClusterFacts {
  /** Highest-share criteria: the points the unit gets against the cluster, and why. */
  shares: Record<string, { points: number; detail: string | null }>;
  /** One-unit bonuses the unit claims with others: the names of every claiming unit. */
  contested: Record<string, string[]>;
}

export interface StageTotals {
  total: number;
  bonus: number;
  deductions: number;
}

export interface SheetData {
  unit: {
    id: number;
    code: string;
    name: string;
    role: "leader" | "deputy" | "member";
    status: string;
    statusLabel: string;
    version: number;
    /** The unit's flags in the year (adjustedAfterReconciliation…). */
    flags: string[];
  };
  scheme: SchemeOut;
  rows: SheetRow[];
  totals: Record<"self" | "cluster" | "appraisal", StageTotals>;
  warnings: string[];
  /** Raised by the whole cluster about this unit (a one-unit bonus several units claim…). */
  clusterWarnings: string[];
  /** The facts of each stage that need the whole cluster, for this unit (server's, fixed). */
  clusterFacts: Record<Stage, ClusterFacts>;
  history: {
    from: string;
    to: string;
    action: string;
    by: string;
    at: string;
    reason: string | null;
    fromLabel: string;
    toLabel: string;
  }[];
}

export interface EvidenceItem {
  id: number;
  criterionId: string;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedBy: { id: number; name: string };
  uploadedAt: string;
}

/** Bytes a unit's evidence takes in the period, and the most it may take. */
export interface EvidenceUsage {
  usedBytes: number;
  quotaBytes: number;
}

export const sheetKey = (periodId: number, unitId: number) => ["sheet", periodId, unitId] as const;
export const evidenceKey = (periodId: number, unitId: number) =>
  ["evidence", periodId, unitId] as const;

const base = (periodId: number, unitId: number) => `/api/periods/${periodId}/units/${unitId}`;

export function useSheet(periodId: number, unitId: number) {
  return useQuery({
    queryKey: sheetKey(periodId, unitId),
    queryFn: () => api<SheetData>("GET", `${base(periodId, unitId)}/sheet`),
  });
}

export function useEvidence(periodId: number, unitId: number) {
  return useQuery({
    queryKey: evidenceKey(periodId, unitId),
    queryFn: () =>
      api<{ items: EvidenceItem[]; usage: EvidenceUsage }>(
        "GET",
        `${base(periodId, unitId)}/evidence`,
      ),
  });
}

/**
 * The sheet's history a page at a time, newest first, narrowed by the filters; the next (older)
 * page is fetched on demand. Imports invalidate every filter's pages (["sheet-history", …]).
 */
export function useHistory(
  periodId: number,
  unitId: number,
  filters: HistoryFilters,
  enabled: boolean,
) {
  return useInfiniteQuery({
    queryKey: ["sheet-history", periodId, unitId, filters],
    queryFn: ({ pageParam }) =>
      api<HistoryPage>(
        "GET",
        `${base(periodId, unitId)}/history?${historyQuery({ ...filters }, pageParam)}`,
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    // the pages of the previous filters stay on screen while the new ones load
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function saveScoreRequest(
  periodId: number,
  unitId: number,
  criterionId: string,
  body: {
    value: ScoreValue;
    comment?: string | null;
    explanation?: string | null;
    version: number;
  },
) {
  return api<{ version: number; scoredAt: string; comment: string | null }>(
    "PUT",
    `${base(periodId, unitId)}/scores/${encodeURIComponent(criterionId)}`,
    body,
  );
}

export function respond(
  periodId: number,
  unitId: number,
  criterionId: string,
  body: { agreement: "agree" | "dispute"; reason: string | null },
) {
  return api<{ agreement: "agree" | "dispute"; reason: string | null }>(
    "PUT",
    `${base(periodId, unitId)}/responses/${encodeURIComponent(criterionId)}`,
    body,
  );
}

export function transition(
  periodId: number,
  unitId: number,
  body: { action: string; reason: string | null; version: number },
) {
  return api<{ status: string; label: string; version: number }>(
    "POST",
    `${base(periodId, unitId)}/transitions`,
    body,
  );
}

/**
 * Upload one evidence file (multipart). The CSRF token is read from the session first; an
 * expired session opens the sign-in dialog there, as every other call does.
 */
export function uploadEvidence(
  periodId: number,
  unitId: number,
  criterionId: string,
  file: File,
): Promise<EvidenceItem> {
  return uploadFile(`${base(periodId, unitId)}/evidence/${encodeURIComponent(criterionId)}`, file);
}
