/**
 * The cluster's cross-inspection (kiểm tra chéo, Vùng cao 2022 Điều 7.4–7.5; Lạng Sơn 2019 D.3):
 * who inspects whom, and the rules a plan keeps. A unit never inspects itself; each member is
 * inspected once; a team inspects at most two units. The proposal is a rotation (each unit
 * inspects the next one in the order given, the last the first), which the leader adjusts.
 */

/** One inspected unit and the member unit whose officers inspect it. */
export interface Pairing<Id> {
  inspected: Id;
  team: Id;
}

/** A team (the officers of one member unit) inspects at most this many units in a year. */
export const MAX_VISITS_PER_TEAM = 2;

/**
 * Each unit inspected by the next one in the order given, the last by the first: every unit
 * inspected once, every unit inspecting once, never itself (a cluster of one has no pairing).
 */
export function proposeRotation<Id>(units: readonly Id[]): Pairing<Id>[] {
  if (units.length < 2) return [];
  return units.map((inspected, i) => ({
    inspected,
    team: units[(i + 1) % units.length] as Id,
  }));
}

/**
 * What is wrong with a plan's pairings, in Vietnamese, naming the units: a unit inspecting
 * itself, a unit inspected twice, a team with more than two units, a unit not of the year.
 * `members`: the units of the year by id, with their names.
 */
export function pairingProblems<Id>(
  pairings: readonly Pairing<Id>[],
  members: ReadonlyMap<Id, string>,
): string[] {
  const problems: string[] = [];
  const name = (id: Id) => members.get(id) ?? String(id);
  const inspectedTimes = new Map<Id, number>();
  const teamTimes = new Map<Id, number>();
  for (const p of pairings) {
    for (const id of [p.inspected, p.team]) {
      if (!members.has(id)) {
        problems.push(`Đơn vị số ${String(id)} không phải thành viên trong năm này.`);
      }
    }
    if (p.inspected === p.team) {
      problems.push(`${name(p.team)} không được tự kiểm tra chính đơn vị mình.`);
    }
    inspectedTimes.set(p.inspected, (inspectedTimes.get(p.inspected) ?? 0) + 1);
    teamTimes.set(p.team, (teamTimes.get(p.team) ?? 0) + 1);
  }
  for (const [id, n] of inspectedTimes) {
    if (n > 1) problems.push(`${name(id)} được xếp kiểm tra ${n} lần; mỗi đơn vị chỉ một lần.`);
  }
  for (const [id, n] of teamTimes) {
    if (n > MAX_VISITS_PER_TEAM) {
      problems.push(
        `Đoàn của ${name(id)} được xếp kiểm tra ${n} đơn vị; mỗi đoàn kiểm tra nhiều nhất ${MAX_VISITS_PER_TEAM} đơn vị.`,
      );
    }
  }
  return [...new Set(problems)];
}

/** The members of the year no pairing inspects yet (by name), for the plan's warning. */
export function notInspected<Id>(
  pairings: readonly Pairing<Id>[],
  members: ReadonlyMap<Id, string>,
): string[] {
  const inspected = new Set(pairings.map((p) => p.inspected));
  return [...members].filter(([id]) => !inspected.has(id)).map(([, name]) => name);
}

/**
 * The criteria a plan's content covers, in the order given: each criterion or section listed and
 * every criterion under it (the screens check them in the tree; findings go on the leaves).
 */
export function coveredCriteria<C extends { id: string; parent: string | null }>(
  criteria: readonly C[],
  content: readonly string[],
): C[] {
  const listed = new Set(content);
  const parentOf = new Map(criteria.map((c) => [c.id, c.parent]));
  return criteria.filter((c) => {
    for (let at: string | null = c.id; at; at = parentOf.get(at) ?? null) {
      if (listed.has(at)) return true;
    }
    return false;
  });
}

/** A finding's answer by the inspected unit. */
export type FindingResponse = "agree" | "dispute";

/** Where a visit stands: what the team found, what the unit answered, whether it is closed. */
export function visitProgress(findings: readonly { response: FindingResponse | null }[]): {
  findings: number;
  agreed: number;
  disputed: number;
  unanswered: number;
} {
  const agreed = findings.filter((f) => f.response === "agree").length;
  const disputed = findings.filter((f) => f.response === "dispute").length;
  return {
    findings: findings.length,
    agreed,
    disputed,
    unanswered: findings.length - agreed - disputed,
  };
}
