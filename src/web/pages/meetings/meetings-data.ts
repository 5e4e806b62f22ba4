/** Meetings of a period (src/server/routes/meetings.ts): types, queries and Vietnamese labels. */
import { useQuery } from "@tanstack/react-query";
import {
  BALLOT_PURPOSE_LABELS,
  type BallotPurpose,
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  type MeetingKind,
} from "../../../core/labels.ts";
import { api } from "../../api.ts";

export type { BallotPurpose, MeetingKind };
export { MEETING_KIND_LABELS, MEETING_KINDS };
export const PURPOSE_LABELS = BALLOT_PURPOSE_LABELS;

export interface Meeting {
  id: number;
  periodId: number;
  kind: MeetingKind;
  title: string;
  scheduledAt: string;
  place: string;
  agenda: string;
  invited: { name: string; role: string }[];
  minutes: string;
  heldAt: string | null;
  version: number;
}

export interface Attendance {
  units: {
    unitId: number;
    code: string;
    name: string;
    present: boolean | null;
    delegate: string | null;
  }[];
  present: number;
  members: number;
  quorum: number;
  hasQuorum: boolean;
}

export interface Decision {
  id: number;
  meetingId: number;
  text: string;
  votesFor: number;
  votesAgainst: number;
  present: number;
  passed: boolean;
  escalated: boolean;
  decidedAt: string;
}

export interface Ballot {
  id: number;
  meetingId: number;
  purpose: BallotPurpose;
  award: string | null;
  candidates: string[];
  round: number;
  /** annulled: opened by mistake and annulled before closing. */
  status: "open" | "closed" | "annulled";
  annulReason: string | null;
  voted: number;
  votedByMyUnit: boolean;
  outcome: {
    kind: "winner" | "revote" | "council";
    counts: Record<string, number>;
    winner: string | null;
    tied: string[];
    voted: number;
    escalated: boolean;
    nextBallotId: number | null;
  } | null;
  openedAt: string;
  closedAt: string | null;
}

export interface MeetingDetail extends Meeting {
  attendance: Attendance;
  decisions: Decision[];
  ballots: Ballot[];
}

export interface Election {
  purpose: "leader" | "deputy";
  unitId: number;
  code: string;
  name: string;
  ballotId: number;
  meetingId: number;
  electedAt: string;
}

export function useMeetings(periodId: number) {
  return useQuery({
    queryKey: ["period", periodId, "meetings"],
    queryFn: () => api<{ meetings: Meeting[] }>("GET", `/api/periods/${periodId}/meetings`),
  });
}

export function useMeeting(periodId: number, meetingId: number) {
  return useQuery({
    queryKey: ["period", periodId, "meetings", meetingId],
    queryFn: () => api<MeetingDetail>("GET", `/api/periods/${periodId}/meetings/${meetingId}`),
    // while a ballot is open, the count of votes follows the room
    refetchInterval: (query) =>
      query.state.data?.ballots.some((b) => b.status === "open") ? 5000 : false,
  });
}

export function useElections(periodId: number) {
  return useQuery({
    queryKey: ["period", periodId, "elections"],
    queryFn: () => api<{ elections: Election[] }>("GET", `/api/periods/${periodId}/elections`),
  });
}

/** A wall-clock time picked in the browser, read as Vietnam's time (UTC+7, no daylight saving). */
export function vietnamIso(value: { format(template: string): string }): string {
  return `${value.format("YYYY-MM-DDTHH:mm")}:00+07:00`;
}
