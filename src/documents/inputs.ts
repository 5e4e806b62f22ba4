/**
 * What the documents are made of, gathered once for the server and the command line: the
 * summary table of a cluster's results, the heading and signature of the cluster's documents,
 * and every document input from a cluster-year file (`tdkt-scenario/1`).
 */
import { AWARD_STATUS_LABELS, type AwardStatus, awardLabels } from "../core/deliberate.ts";
import type { ScoreValue } from "../core/evaluate.ts";
import type { Provisional, ResultsEdition } from "../core/publication.ts";
import {
  type ClusterEvaluation,
  type EvaluationOutput,
  evaluateCluster,
  inClusterWords,
  parseScenario,
  schemeOf,
  unitInfo,
} from "../core/scenario.ts";
import type { Scheme } from "../core/scheme.ts";
import { todayInVietnam } from "../core/workflow.ts";
import type { SheetInput } from "./excel-sheet.ts";
import type { SummaryInput } from "./excel-summary.ts";
import type { DocumentHeading, ProposalInput, SummaryTable } from "./word.ts";

export function summaryTable(
  scheme: Scheme,
  output: EvaluationOutput,
  names: Map<string, string>,
): SummaryTable {
  const labels = awardLabels(scheme);
  return {
    sections: scheme.sections.map((id) => ({ id, title: scheme.nodes.get(id)?.title ?? id })),
    units: output.units.map((u) => ({
      ...u,
      name: names.get(u.id) ?? u.id,
      awardLabel: u.award ? (labels.get(u.award) ?? u.award) : null,
      statusLabel: AWARD_STATUS_LABELS[u.status as AwardStatus] ?? u.status,
    })),
    warnings: output.warnings,
  };
}

export interface ClusterNaming {
  /** The cluster's name, e.g. "Khối thi đua các doanh nghiệp". */
  cluster: string;
  kind: "cluster" | "block";
  /** The level whose council decides, e.g. "tỉnh Lạng Sơn". */
  level: string;
  /** The body above the cluster (cơ quan chủ quản) on its documents; by default the level's
   * people's committee ("UBND tỉnh Lạng Sơn"), none when the level is not known. */
  parentBody?: string;
  /** The level's standing agency, one of the recipients ("Ban Thi đua - Khen thưởng, Sở Nội vụ"). */
  standingAgency?: string;
  /** The leader unit, whose office does the cluster's paperwork. */
  leader: string | null;
  /** The head of the leader unit, who signs for the cluster; null when none is recorded. */
  leaderHead?: { name: string; title: string | null } | null;
  place: string;
  /** The document's own date (ISO), in Vietnam's time zone. */
  date: string;
}

/**
 * The heading and signature of a document the cluster sends (Decree 30): the level's people's
 * committee above the cluster's name; signed "TM. KHỐI THI ĐUA / KHỐI TRƯỞNG" (or Cụm) by the
 * head of the leader unit, whose name is left as a dotted line when none is recorded.
 */
export function clusterHeading(n: ClusterNaming, symbol: string): DocumentHeading {
  const word = n.kind === "block" ? "KHỐI" : "CỤM";
  const level = n.level.trim();
  return {
    parentBody: n.parentBody ?? (level ? `UBND ${level}` : ""),
    issuer: n.cluster,
    number: symbol ? `Số:      /${symbol}` : "",
    place: n.place,
    date: n.date,
    recipients: [
      `Hội đồng Thi đua - Khen thưởng${level ? ` ${level}` : ""}`,
      n.standingAgency?.trim() || "Cơ quan thường trực Hội đồng Thi đua - Khen thưởng",
      `Các đơn vị thành viên ${n.kind === "block" ? "Khối" : "Cụm"}`,
      "Lưu: VT",
    ],
    signer: {
      capacity: `TM. ${word} THI ĐUA`,
      title: `${word} TRƯỞNG`,
      name: n.leaderHead?.name.trim() ?? "",
    },
  };
}

export interface ScenarioDocuments {
  evaluation: ClusterEvaluation;
  /** The results are not final yet (a sheet not appraised): every file says "tạm tính". */
  provisional: Provisional | null;
  /** The edition of the results the files are made from (the server's files), or null. */
  edition: ResultsEdition | null;
  summary: SummaryInput;
  /** A unit's sheet: the file's scores are final, so they stand in the appraisal column. */
  sheet(unitId: string): SheetInput;
  sheets(): SheetInput[];
  proposal(note: string | null): ProposalInput;
}

/**
 * Every document of a cluster-year file; throws the engine's error on a bad file. The server's
 * files are `provisional` (scores of a year still in progress: a contested one-unit bonus is a
 * warning); a file from the command line holds final scores. `provisionalResults` (the server
 * says which sheets are not appraised yet) marks the summary and the proposal "tạm tính".
 */
export function scenarioDocuments(
  file: unknown,
  naming: Partial<ClusterNaming>,
  options: {
    provisional?: boolean;
    provisionalResults?: Provisional | null;
    edition?: ResultsEdition | null;
  } = {},
): ScenarioDocuments {
  const provisional = options.provisionalResults ?? null;
  const edition = options.edition ?? null;
  const { period, scores, ballots, ...scenario } = parseScenario(file);
  const scheme = schemeOf(scenario);
  const units = scenario.units.map(unitInfo);
  const leader = units.find((u) => u.role === "leader")?.name ?? null;
  const n: ClusterNaming = {
    cluster: "Cụm thi đua",
    kind: "cluster",
    level: "",
    leader,
    place: "……",
    date: todayInVietnam(),
    ...naming,
  };
  const evaluation = inClusterWords(
    evaluateCluster(scheme, units, scores, ballots, { provisional: options.provisional }),
    n.kind,
  );
  const { output, context } = evaluation;
  const names = new Map(units.map((u) => [u.id, u.name]));
  const summary: SummaryInput = {
    scheme,
    cluster: n.cluster,
    period,
    output,
    names,
    provisional,
    edition,
    heading: clusterHeading(n, ""),
  };
  const sheet = (unitId: string): SheetInput => {
    const unit = units.find((u) => u.id === unitId);
    if (!unit) {
      throw new RangeError(
        `Không có đơn vị «${unitId}» trong tệp; các đơn vị: ${units.map((u) => u.id).join(", ")}.`,
      );
    }
    return {
      scheme,
      unit,
      cluster: n.cluster,
      period,
      contexts: { appraisal: context },
      staged: Object.fromEntries(
        Object.entries(scores[unitId] ?? {}).map(([id, v]) => [id, { appraisal: v as ScoreValue }]),
      ),
    };
  };
  return {
    evaluation,
    provisional,
    edition,
    summary,
    sheet,
    sheets: () => units.map((u) => sheet(u.id)),
    proposal: (note) => ({
      heading: clusterHeading(n, n.kind === "block" ? "TTr-KTĐ" : "TTr-CTĐ"),
      cluster: n.cluster,
      period,
      level: n.level,
      summary: summaryTable(scheme, output, names),
      note,
      provisional,
      edition,
    }),
  };
}
