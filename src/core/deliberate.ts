/**
 * Ranking and deliberation (bình xét, DOMAIN.md 6): who is eligible, which awards with a
 * limited number of places go to whom, thresholds, lowering by one level, ballots needed and
 * settled, and the reasons for every unit in Vietnamese.
 */
import { formatPoints, type Hundredths } from "./decimal.ts";
import { EngineError } from "./errors.ts";
import type { UnitInfo } from "./evaluate.ts";
import {
  type AwardDef,
  type AwardSlot,
  ratingAtLeast,
  type Scheme,
  type UnitFlag,
} from "./scheme.ts";

export type AwardStatus = "proposed" | "none" | "postponed" | "excluded" | "ballot";

/** The label of each award of a scheme, by id. */
export function awardLabels(scheme: Scheme): Map<string, string> {
  return new Map(scheme.awards.ladder.map((a) => [a.id, a.label]));
}

/** How a unit's status reads on the screens and on the documents. */
export const AWARD_STATUS_LABELS: Record<AwardStatus, string> = {
  proposed: "Đề nghị",
  none: "Không đề nghị",
  postponed: "Chưa xem xét",
  excluded: "Không xét",
  ballot: "Chờ bỏ phiếu",
};

export interface Ballot {
  award: string;
  winner: string;
}

export interface BallotNeeded {
  award: string;
  candidates: string[];
}

export interface Deliberation {
  unitId: string;
  rank: number;
  award: string | null;
  status: AwardStatus;
  reasons: string[];
}

export interface DeliberationResult {
  /** In rank order, then by id. */
  units: Deliberation[];
  ballotsNeeded: BallotNeeded[];
  warnings: string[];
}

interface Entry {
  unit: UnitInfo;
  total: Hundredths;
  rank: number;
  award: AwardDef | null;
  status: AwardStatus;
  reasons: string[];
  /** Waiting on a ballot: takes no further place. */
  pending: boolean;
  /** Took a place in a slot (or lost it): no other slot. */
  placed: boolean;
}

const FLAG_LABELS: Record<UnitFlag, string> = {
  deepReview: "có nội dung phải kiểm điểm sâu",
  publicOutcry: "có vụ việc gây bức xúc dư luận",
  pendingViolation: "có dấu hiệu sai phạm đang được cơ quan có thẩm quyền xem xét",
  seriousViolation: "có vụ việc tiêu cực, tham nhũng, sai phạm nghiêm trọng",
  adjustedAfterReconciliation: "tự ý điều chỉnh số liệu sau khi đã thống nhất điểm",
};

const RATING_LABELS = {
  HTXSNV: "Hoàn thành xuất sắc nhiệm vụ",
  HTTNV: "Hoàn thành tốt nhiệm vụ",
  HTNV: "Hoàn thành nhiệm vụ",
  KHTNV: "Không hoàn thành nhiệm vụ",
} as const;

/** Rank by total, highest first; equal totals share a rank (1, 2, 2, 4). Order: rank, then id. */
export function rankUnits<T extends { id: string; total: Hundredths }>(
  units: T[],
): (T & { rank: number })[] {
  const sorted = [...units].sort(
    (a, b) => b.total - a.total || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  let rank = 0;
  return sorted.map((u, i) => {
    if (i === 0 || u.total !== (sorted[i - 1] as T).total) rank = i + 1;
    return Object.assign({}, u, { rank }); // as { ...u, rank }, several times faster in V8
  });
}

function exclusions(unit: UnitInfo, scheme: Scheme): string[] {
  const why: string[] = [];
  if (!unit.registered) why.push("không đăng ký thi đua");
  if (!unit.pactSigned) why.push("không ký kết giao ước thi đua");
  for (const f of ["seriousViolation", "adjustedAfterReconciliation"] as const) {
    if (unit.flags.includes(f)) why.push(FLAG_LABELS[f]);
  }
  const min = scheme.awards.minPartyRating;
  if (min && !ratingAtLeast(unit.partyRating, min)) {
    why.push(
      `tổ chức đảng chỉ xếp loại "${RATING_LABELS[unit.partyRating]}" (cần "${RATING_LABELS[min]}" trở lên)`,
    );
  }
  return why;
}

function placesOf(slot: AwardSlot, clusterSize: number, warnings: string[]): number {
  if (typeof slot.places === "number") return slot.places;
  const rule = slot.places.find((r) => r.maxUnits === undefined || clusterSize <= r.maxUnits);
  if (!rule) return 0;
  if (rule.warning) warnings.push(rule.warning);
  return rule.places;
}

function bestAward(awards: AwardDef[], total: Hundredths): AwardDef | null {
  return awards.find((a) => a.minTotal === null || total >= a.minTotal) ?? null;
}

function thresholdText(a: AwardDef): string {
  return a.minTotal === null ? "" : ` (từ ${formatPoints(a.minTotal)} điểm)`;
}

/** Deliberate on a ranked cluster. Ballots already held settle the ties they name. */
export function deliberate(
  scheme: Scheme,
  ranked: { unit: UnitInfo; total: Hundredths; rank: number }[],
  ballots: Ballot[],
): DeliberationResult {
  const rules = scheme.awards;
  const warnings: string[] = [];
  const ballotsNeeded: BallotNeeded[] = [];
  const size = ranked.length;
  const entries: Entry[] = ranked.map((r) => ({
    unit: r.unit,
    total: r.total,
    rank: r.rank,
    award: null,
    status: "none",
    reasons: [`Tổng điểm ${formatPoints(r.total)}, xếp thứ ${r.rank}/${size} trong Cụm.`],
    pending: false,
    placed: false,
  }));
  const byId = new Map(entries.map((e) => [e.unit.id, e]));
  for (const b of ballots) {
    if (!byId.has(b.winner)) {
      throw new EngineError(
        "INVALID_BALLOT",
        `Kết quả bỏ phiếu ${b.award}: đơn vị ${b.winner} không có trong Cụm.`,
      );
    }
    if (!rules.ladder.some((a) => a.id === b.award)) {
      throw new EngineError(
        "INVALID_BALLOT",
        `Kết quả bỏ phiếu: hình thức khen thưởng ${b.award} không có trong bộ tiêu chí ${scheme.id}.`,
      );
    }
  }
  const usedBallots = new Set<Ballot>();

  const eligible: Entry[] = [];
  for (const e of entries) {
    const excluded = exclusions(e.unit, scheme);
    if (excluded.length > 0) {
      e.status = "excluded";
      e.reasons.push(
        `Không xét khen thưởng: ${excluded.join("; ")}. Đơn vị giữ thứ hạng, suất khen thưởng chuyển cho đơn vị kế tiếp.`,
      );
    } else if (e.unit.flags.includes("pendingViolation")) {
      e.status = "postponed";
      e.reasons.push(
        `Chưa xem xét khen thưởng: ${FLAG_LABELS.pendingViolation}. Đơn vị giữ thứ hạng, suất khen thưởng chuyển cho đơn vị kế tiếp.`,
      );
    } else {
      e.reasons.push("Đủ điều kiện xét khen thưởng (đã đăng ký, ký giao ước, không có vi phạm).");
      eligible.push(e);
    }
  }

  if (rules.silent) {
    warnings.push(rules.silent);
    for (const e of eligible) e.reasons.push(rules.silent);
  }

  // Awards with a limited number of places, in order; a unit that falls short moves on.
  // Losers of a ballot not yet held: they will take places in the following slots.
  let carried = 0;
  for (const slot of rules.slots) {
    let places = placesOf(slot, size, warnings);
    const slotLabel = slot.awards.map((a) => a.label).join(" / ");
    const reserved = Math.min(carried, places);
    places -= reserved;
    carried -= reserved;
    if (places <= 0) continue;
    const candidates = eligible.filter((e) => !e.pending && !e.placed);
    if (candidates.length === 0) continue;
    if (
      slot.clusterKinds &&
      !slot.clusterKinds.includes((candidates[0] as Entry).unit.clusterKind ?? "other")
    ) {
      for (const e of candidates.slice(0, places)) {
        e.reasons.push(
          `${slotLabel}: chỉ xét cho Cụm ${slot.clusterKinds.map(kindLabel).join(" và ")}.`,
        );
      }
      continue;
    }
    const borderTotal = (candidates[Math.min(places, candidates.length) - 1] as Entry).total;
    const above = candidates.filter((e) => e.total > borderTotal);
    const tied = candidates.filter((e) => e.total === borderTotal);
    const need = places - above.length;
    const taken = [...above];
    const borderAward = bestAward(slot.awards, borderTotal);
    if (tied.length <= need || borderAward === null) {
      taken.push(...tied.slice(0, need));
    } else {
      const ids = new Set(slot.awards.map((a) => a.id));
      const winners: Entry[] = [];
      for (const b of ballots) {
        if (winners.length >= need || usedBallots.has(b) || !ids.has(b.award)) continue;
        const w = byId.get(b.winner) as Entry;
        if (tied.includes(w) && !winners.includes(w)) {
          winners.push(w);
          usedBallots.add(b);
          w.reasons.push(
            `Bằng điểm với ${tied
              .filter((t) => t !== w)
              .map((t) => t.unit.id)
              .join(", ")}; trúng phiếu bầu ${borderAward.label}.`,
          );
        }
      }
      taken.push(...winners);
      if (winners.length < need) {
        const open = tied.filter((t) => !winners.includes(t));
        for (const t of open) {
          t.pending = true;
          t.status = "ballot";
          t.reasons.push(
            `Bằng điểm ${formatPoints(borderTotal)} với ${open
              .filter((o) => o !== t)
              .map((o) => o.unit.id)
              .join(
                ", ",
              )} ở suất ${borderAward.label}: phải bỏ phiếu chọn ${need - winners.length} đơn vị.`,
          );
        }
        ballotsNeeded.push({
          award: borderAward.id,
          candidates: open.map((t) => t.unit.id).sort(),
        });
        carried += open.length - (need - winners.length);
      } else {
        for (const t of tied) {
          if (!winners.includes(t))
            t.reasons.push(`Bằng điểm ở suất ${borderAward.label} nhưng không trúng phiếu bầu.`);
        }
      }
    }
    for (const e of taken) {
      const award = bestAward(slot.awards, e.total);
      if (award) {
        e.award = award;
        e.placed = true;
        e.reasons.push(
          `${award.label}: đạt ${formatPoints(e.total)} điểm${thresholdText(award)}, trong ${places} suất dành cho đơn vị xếp đầu đủ điều kiện.`,
        );
      } else {
        const lowest = slot.awards[slot.awards.length - 1] as AwardDef;
        e.reasons.push(
          `${slotLabel}: chưa đạt ${formatPoints(lowest.minTotal ?? 0)} điểm, không đề nghị; suất này không chuyển cho đơn vị sau.`,
        );
      }
    }
  }

  // Awards given on a threshold, to every eligible unit that reaches it.
  if (rules.thresholds.length > 0) {
    for (const e of eligible) {
      if (e.pending || e.award) continue;
      const award = bestAward(rules.thresholds, e.total);
      if (award) {
        e.award = award;
        e.reasons.push(`${award.label}: đạt ${formatPoints(e.total)} điểm${thresholdText(award)}.`);
      } else {
        const lowest = rules.thresholds[rules.thresholds.length - 1] as AwardDef;
        e.reasons.push(
          `Chưa đạt ${formatPoints(lowest.minTotal ?? 0)} điểm: không đề nghị khen thưởng.`,
        );
      }
    }
  }

  // Lowering one level; a place in a slot is kept.
  for (const e of eligible) {
    const why = rules.lowerOneLevel.filter((f) => e.unit.flags.includes(f));
    if (why.length === 0 || e.pending) continue;
    const from = e.award;
    if (!from) {
      e.reasons.push(
        `Đơn vị ${why.map((f) => FLAG_LABELS[f]).join("; ")}: không có mức khen thưởng để hạ.`,
      );
      continue;
    }
    const to = rules.ladder[rules.ladder.indexOf(from) + 1] ?? null;
    e.award = to;
    e.reasons.push(
      `Hạ một mức khen thưởng vì ${why.map((f) => FLAG_LABELS[f]).join("; ")}: ${from.label} → ${to ? to.label : "không khen thưởng"}.`,
    );
  }

  for (const e of eligible) {
    if (e.pending) continue;
    e.status = e.award ? "proposed" : "none";
    if (
      !e.award &&
      rules.slots.length > 0 &&
      rules.thresholds.length === 0 &&
      !e.reasons.some((r) => r.includes("suất"))
    ) {
      e.reasons.push("Không nằm trong số suất khen thưởng của Cụm.");
    }
  }
  for (const b of ballots) {
    if (!usedBallots.has(b))
      warnings.push(
        `Kết quả bỏ phiếu ${b.award} cho ${b.winner} không ứng với trường hợp bằng điểm nào: không áp dụng.`,
      );
  }

  return {
    units: entries.map((e) => ({
      unitId: e.unit.id,
      rank: e.rank,
      award: e.award?.id ?? null,
      status: e.status,
      reasons: e.reasons,
    })),
    ballotsNeeded,
    warnings: [...new Set(warnings)],
  };
}

function kindLabel(k: string): string {
  return k === "ward" ? "phường" : k === "school" ? "trường học" : "khác";
}
