/**
 * The Word documents of a cluster's year, laid out as Decree 30/2020/NĐ-CP asks: the award
 * proposal to the council (tờ trình) with the summary table, the minutes of a meeting (biên
 * bản), and the six-month and annual reports of the cluster. Built with `docx`; Times New Roman.
 */
import type { UnitOutput } from "../core/scenario.ts";

/** What every administrative document carries (Decree 30/2020/NĐ-CP, Appendix I). */
export interface DocumentHeading {
  /** The body above the issuer (cơ quan chủ quản), e.g. "UBND TỈNH LẠNG SƠN"; may be empty. */
  parentBody: string;
  /** The issuing body, e.g. "CỤM THI ĐUA CÁC DOANH NGHIỆP" (the leader unit's office signs). */
  issuer: string;
  /** Number and symbol, e.g. "Số: 05/TTr-CTĐ" (the number may be left blank: "Số:    /TTr-CTĐ"). */
  number: string;
  /** Place and date, e.g. "Lạng Sơn" and 2027-01-20 (written "Lạng Sơn, ngày 20 tháng 01 năm 2027"). */
  place: string;
  date: string;
  /** Recipients (Nơi nhận), each line as written, e.g. "Hội đồng Thi đua - Khen thưởng tỉnh". */
  recipients: string[];
  /** Signature block: e.g. "TM. CỤM THI ĐUA" / "CỤM TRƯỞNG" and the signer's name (may be blank). */
  signer: { capacity: string; title: string; name: string };
}

/** The ranking as the council reads it: one row per unit, in rank order. */
export interface SummaryTable {
  /** Section ids and titles, in order (the table's section columns). */
  sections: { id: string; title: string }[];
  units: (UnitOutput & { name: string; awardLabel: string | null; statusLabel: string })[];
}

export interface ProposalInput {
  heading: DocumentHeading;
  cluster: string;
  period: string;
  /** The level whose council decides, e.g. "tỉnh Lạng Sơn". */
  level: string;
  summary: SummaryTable;
  /** The leader's own words added to the proposal, if any. */
  note: string | null;
}

export interface MinutesInput {
  heading: DocumentHeading;
  cluster: string;
  period: string;
  meeting: {
    kindLabel: string;
    title: string;
    /** ISO time; written in Vietnam's time zone. */
    scheduledAt: string;
    place: string;
    agenda: string;
    chair: string;
    secretary: string;
    invited: { name: string; role: string }[];
    attendance: {
      units: { name: string; present: boolean | null; delegate: string | null }[];
      members: number;
      present: number;
      quorum: number;
      hasQuorum: boolean;
    };
    decisions: {
      text: string;
      votesFor: number;
      votesAgainst: number;
      passed: boolean;
      escalated: boolean;
    }[];
    ballots: {
      title: string;
      candidates: string[];
      /** Votes per candidate, in the candidates' order; null while the ballot is open. */
      counts: number[] | null;
      outcome: string;
    }[];
    minutes: string;
  };
}

export interface ReportInput {
  heading: DocumentHeading;
  kind: "six-month" | "annual";
  cluster: string;
  period: string;
  /** Each unit's progress through the year. */
  progress: {
    name: string;
    role: string;
    registered: boolean;
    pactSigned: boolean;
    statusLabel: string;
    selfTotal: number | null;
    finalTotal: number | null;
  }[];
  meetings: { date: string; title: string; kindLabel: string; held: boolean }[];
  milestones: { label: string; dueOn: string; late: string[] }[];
  /** The annual report carries the ranking; the six-month one does not. */
  summary: SummaryTable | null;
}
