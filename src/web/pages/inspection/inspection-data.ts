/**
 * The year's cross-inspection (kiểm tra chéo, src/server/routes/inspection.ts): the plan, the
 * visits with the teams' findings and the units' answers, who acknowledged the plan; the
 * period's passed decisions a plan may be agreed by; and the writes of the page.
 */
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { ScoreValue } from "../../../core/evaluate.ts";
import { coveredCriteria } from "../../../core/inspection.ts";
import { api } from "../../api.ts";
import type { Meeting, MeetingDetail } from "../meetings/meetings-data.ts";
import type { CriterionRow } from "../period/period-data.ts";

export interface Officer {
  name: string;
  role: string;
}

export type FindingResponse = "agree" | "dispute";

export interface Finding {
  criterionId: string;
  title: string;
  /** The unit's own (self-scored) value when the team recorded the finding; null if none. */
  checked: ScoreValue | null;
  proposed: ScoreValue;
  remark: string;
  recordedBy: string;
  recordedAt: string;
  response: FindingResponse | null;
  responseReason: string | null;
  respondedAt: string | null;
  version: number;
}

export interface Visit {
  id: number;
  inspected: { id: number; name: string };
  team: { id: number; name: string };
  members: Officer[];
  visitOn: string | null;
  place: string;
  reconciledAt: string | null;
  version: number;
  /** This user works for the visit's team, for the unit inspected, or for neither. */
  you: "team" | "inspected" | null;
  progress: { findings: number; agreed: number; disputed: number; unanswered: number };
  /** Null for those who may not read the findings (another member of the cluster). */
  findings: Finding[] | null;
}

export interface InspectionPlan {
  id: number;
  content: { id: string; title: string }[];
  note: string;
  agreedAt: string | null;
  agreedHow: "meeting" | "acknowledgement" | null;
  decision: { id: number; text: string; meeting: string } | null;
  createdAt: string;
  version: number;
  /** What breaks the rules of the pairings (a unit inspecting itself…), by name. */
  problems: string[];
  /** The members no visit inspects, by name. */
  notInspected: string[];
}

export interface Member {
  id: number;
  name: string;
  role: "leader" | "deputy" | "member";
}

export interface Inspection {
  plan: InspectionPlan | null;
  members: Member[];
  proposedRotation: { inspectedUnitId: number; teamUnitId: number }[];
  acknowledgements?: { unitId: number; name: string; at: string | null }[];
  visits?: Visit[];
  you: { plans: boolean; acknowledges: boolean };
}

export interface PlannedVisit {
  inspectedUnitId: number;
  teamUnitId: number;
  members: Officer[];
  visitOn: string | null;
  place: string;
}

export const inspectionKey = (periodId: number) => ["period", periodId, "inspection"] as const;

const base = (periodId: number) => `/api/periods/${periodId}/inspection`;
const findingUrl = (periodId: number, visitId: number, criterionId: string) =>
  `${base(periodId)}/visits/${visitId}/findings/${encodeURIComponent(criterionId)}`;

/** How often the page reads the visits again while this user's visit is under way. */
const VISIT_REFRESH_MS = 5_000;

/**
 * The inspection; read again every few seconds while a visit of this user's unit (as the team
 * or as the unit inspected) is under way: the two sides work on the spot on their own devices,
 * and each sees the other's findings and answers without reloading the page.
 */
export function useInspection(periodId: number) {
  return useQuery({
    queryKey: inspectionKey(periodId),
    queryFn: () => api<Inspection>("GET", base(periodId)),
    refetchInterval: (query) => {
      const data = query.state.data;
      const underWay =
        data?.plan?.agreedAt != null &&
        (data.visits ?? []).some((v) => v.you !== null && v.reconciledAt === null);
      return underWay ? VISIT_REFRESH_MS : false;
    },
  });
}

/** A decision the plan may be agreed by, with its meeting. */
export interface PassedDecision {
  id: number;
  text: string;
  meeting: string;
  decidedAt: string;
}

/** The decisions the period's meetings passed, newest first (each meeting read once). */
export function usePassedDecisions(periodId: number, enabled: boolean) {
  // the meetings page's own queries (same keys, same answers): read once for both
  const meetings = useQuery({
    queryKey: ["period", periodId, "meetings"],
    queryFn: () => api<{ meetings: Meeting[] }>("GET", `/api/periods/${periodId}/meetings`),
    enabled,
  });
  const ids = enabled ? (meetings.data?.meetings ?? []).map((m) => m.id) : [];
  const details = useQueries({
    queries: ids.map((meetingId) => ({
      queryKey: ["period", periodId, "meetings", meetingId],
      queryFn: () => api<MeetingDetail>("GET", `/api/periods/${periodId}/meetings/${meetingId}`),
    })),
  });
  const decisions: PassedDecision[] = details
    .flatMap((d) =>
      (d.data?.decisions ?? [])
        .filter((x) => x.passed)
        .map((x) => ({
          id: x.id,
          text: x.text,
          meeting: d.data?.title ?? "",
          decidedAt: x.decidedAt,
        })),
    )
    .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
  return {
    decisions,
    isLoading: meetings.isLoading || details.some((d) => d.isLoading),
    error: meetings.error ?? details.find((d) => d.error)?.error ?? null,
  };
}

/** The page's writes; each refreshes the inspection (and, reconciling, the sheets). */
export function useInspectionWrites(periodId: number) {
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: inspectionKey(periodId) }),
    [queryClient, periodId],
  );
  return {
    refresh,
    async savePlan(body: {
      content: string[];
      note: string;
      visits: PlannedVisit[];
      version?: number;
    }) {
      const out = await api<{ id: number; version: number }>("PUT", base(periodId), body);
      await refresh();
      return out;
    },
    async agree(body: { decisionId: number; version: number }) {
      const out = await api<{ agreedAt: string; version: number }>(
        "POST",
        `${base(periodId)}/agreement`,
        body,
      );
      await refresh();
      return out;
    },
    async acknowledge() {
      const out = await api<{ agreed: boolean; waiting: string[] }>(
        "POST",
        `${base(periodId)}/acknowledgement`,
        {},
      );
      await refresh();
      return out;
    },
    async record(
      visitId: number,
      criterionId: string,
      body: { proposed: ScoreValue; remark: string; version?: number },
    ) {
      const out = await api<{ version: number }>(
        "PUT",
        findingUrl(periodId, visitId, criterionId),
        body,
      );
      await refresh();
      return out;
    },
    async respond(
      visitId: number,
      criterionId: string,
      body: { response: FindingResponse; reason: string | null; version: number },
    ) {
      const out = await api<{ version: number }>(
        "PUT",
        `${findingUrl(periodId, visitId, criterionId)}/response`,
        body,
      );
      await refresh();
      return out;
    },
    async reconcile(visitId: number, version: number) {
      const out = await api<{ agreed: number; disputed: number }>(
        "POST",
        `${base(periodId)}/visits/${visitId}/reconcile`,
        { version },
      );
      // the agreed values are now the cluster stage's: every page showing scores reads again
      await Promise.all([
        refresh(),
        queryClient.invalidateQueries({ queryKey: ["period", periodId] }),
        queryClient.invalidateQueries({ queryKey: ["sheet", periodId] }),
        queryClient.invalidateQueries({ queryKey: ["review", periodId] }),
      ]);
      return out;
    },
  };
}

/** The criteria with a criterion under them (sections and groups). */
function parents(criteria: CriterionRow[]): Set<string> {
  return new Set(criteria.map((c) => c.parent).filter((p): p is string => p !== null));
}

/**
 * The criteria a plan's content covers that take a value (the server's inspectedCriteria, the
 * leaves only: a finding is recorded on each criterion under a section), in the scheme's order.
 */
export function inspectedLeaves(criteria: CriterionRow[], content: string[]): CriterionRow[] {
  const withChildren = parents(criteria);
  return coveredCriteria(criteria, content).filter((c) => !withChildren.has(c.id));
}

/**
 * The content to send from the tree's checked criteria (a section checked whole comes with all
 * its criteria): each section or criterion checked whose section is not, in the scheme's order.
 */
export function contentOf(criteria: CriterionRow[], checked: ReadonlySet<string>): string[] {
  return criteria
    .filter((c) => checked.has(c.id) && (c.parent === null || !checked.has(c.parent)))
    .map((c) => c.id);
}

/** A visit's status in words, with a tag colour readable with white text. */
export function visitStatus(v: Visit): { label: string; color: string | undefined } {
  const { findings, agreed, disputed, unanswered } = v.progress;
  if (v.reconciledAt) {
    return {
      label: `Đã thống nhất (${agreed} đồng ý, ${disputed} không đồng ý)`,
      color: "#237804",
    };
  }
  if (findings > 0) {
    return {
      label: `Đang kiểm tra: ${findings} kết quả${unanswered > 0 ? `, ${unanswered} chờ trả lời` : ""}`,
      color: "#0958d9",
    };
  }
  return { label: "Chưa kiểm tra", color: undefined };
}

/** The officers of a team in a line: "Lò Văn Tâm (Phó Chủ tịch UBND xã); …". */
export function officersText(members: Officer[]): string {
  return members.map((m) => `${m.name} (${m.role})`).join("; ");
}
