/** The period overview (GET /api/periods/:id) shared by every page of a period. */
import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useParams } from "react-router";
import { clusterText } from "../../../core/labels.ts";
import { api } from "../../api.ts";

export interface CriterionRow {
  id: string;
  parent: string | null;
  title: string;
  kind: "group" | "manual" | "external" | "ratio" | "level" | "lossPerItem" | "deduction";
  max: number | null;
  deduction: boolean;
  locked: boolean;
  lowerIsBetter: boolean;
  levels: { id: string; label: string; points: number }[];
  categories: { id: string; label: string; points: number }[];
  perEvent: boolean;
  roles: ("leader" | "deputy" | "member")[] | null;
  onePerCluster: boolean;
}

export interface SchemeOut {
  id: string;
  title: string;
  totalMax: number;
  criteria: CriterionRow[];
}

export interface Publication {
  /** When the results were published to the members; null when not (or withdrawn). */
  publishedAt: string | null;
  /** Published before every sheet was reconciled, as the cluster decided (tạm tính). */
  publishedProvisional: boolean;
  /** The cluster's reason for publishing provisional results. */
  reason: string | null;
  /** The results are provisional (tạm tính) while a sheet is not appraised or locked. */
  provisional: boolean;
  /** Units (by name) whose sheet is not reconciled yet: publishing waits for them. */
  notReconciled: string[];
  /** Units (by name) whose sheet is not appraised yet. */
  notAppraised: string[];
}

export interface PeriodOverview {
  period: {
    id: number;
    label: string;
    kind: string;
    startsOn: string;
    endsOn: string;
    schemeId: string;
    criteria: unknown[];
    schemeFrozenAt: string | null;
    resultsPublishedAt: string | null;
    /** Published before every sheet was reconciled, as the cluster decided (tạm tính). */
    resultsProvisional: boolean;
    lockedAt: string | null;
    lockDecision: string | null;
    version: number;
  };
  cluster: { id: number; name: string; kind: "cluster" | "block"; memberKind: string };
  /** The results' publication and how far they have come. */
  publication: Publication;
  /** Which edition of the results this is: a reopened (unlocked) result says when and why. */
  edition: { version: number; reopened: { at: string; reason: string } | null };
  you: {
    memberRole: "leader" | "deputy" | "member" | null;
    leadership: boolean;
    standing: boolean;
    council: boolean;
    data: boolean;
  };
  scheme: SchemeOut;
  milestones: { key: string; label: string; dueOn: string; late: boolean }[];
  units: {
    id: number;
    code: string;
    name: string;
    role: "leader" | "deputy" | "member";
    registered: boolean;
    /** The unit's own, and for those who oversee the year. */
    registration?: { targets: string; titles: string[] } | null;
    pactSigned: boolean;
    pactSignedOn?: string | null;
    status: string;
    statusLabel: string;
    version: number;
    late: string[];
    partyRating?: string;
    flags?: string[];
  }[];
}

export function usePeriodId(): number {
  return Number(useParams().periodId);
}

export function usePeriod() {
  const periodId = usePeriodId();
  return useQuery({
    queryKey: ["period", periodId],
    queryFn: () => api<PeriodOverview>("GET", `/api/periods/${periodId}`),
  });
}

/**
 * The year's words: a text written for a Cụm as this year's cluster reads it (Khối trưởng…).
 * The same function while the kind stays: memoized cells and lists may take it as a prop.
 */
export function useClusterWords(): (text: string) => string {
  const period = usePeriod();
  const kind = period.data?.cluster.kind ?? "cluster";
  return useCallback((text: string) => clusterText(text, kind), [kind]);
}
