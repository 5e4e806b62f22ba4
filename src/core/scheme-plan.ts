/**
 * A compiled scheme laid out for evaluating many units quickly: every criterion numbered in
 * post-order (children before their parent), a group's children as numbers, and the few
 * criteria that need the whole cluster listed once. Built the first time a scheme is evaluated
 * and kept beside it (a compiled scheme is never changed after `compileScheme`).
 */
import type { Criterion, Scheme } from "./scheme.ts";

export interface SchemePlan {
  /** Every criterion, children before their parent; a criterion's number is its position. */
  nodes: readonly Criterion[];
  /** Criterion id → number. */
  numberOf: ReadonlyMap<string, number>;
  /** The leaves in reading order (the order a sheet's values usually come in), by number. */
  leaves: Int32Array;
  /** Criterion number → its place in `leaves` (-1 for a group). */
  leafPlace: Int32Array;
  /** The children of criterion k are childNumbers[childStart[k] .. childStart[k + 1]). */
  childStart: Int32Array;
  childNumbers: Int32Array;
  /** 1 where the criterion takes points away (Criterion.deduction). */
  deduction: Uint8Array;
  /** The sections (top-level criteria), in order, by number. */
  sections: Int32Array;
  /** A deduction leaf counted by category (it has categories). */
  byCategory: Uint8Array;
  /** Criteria given to one unit of the cluster at most, in reading order. */
  onePerCluster: readonly Criterion[];
  /** Criteria of the highest share in the cluster, in reading order. */
  highestShare: readonly Criterion[];
}

const plans = new WeakMap<Scheme, SchemePlan>();

/** The plan of a compiled scheme, built once. */
export function planOf(scheme: Scheme): SchemePlan {
  let plan = plans.get(scheme);
  if (!plan) {
    plan = buildPlan(scheme);
    plans.set(scheme, plan);
  }
  return plan;
}

function buildPlan(scheme: Scheme): SchemePlan {
  const nodes = scheme.postOrder;
  const numberOf = new Map<string, number>();
  nodes.forEach((c, k) => {
    numberOf.set(c.id, k);
  });
  const number = (id: string): number => {
    const k = numberOf.get(id);
    if (k === undefined) throw new Error(`criterion ${id} is not in scheme ${scheme.id}`);
    return k;
  };
  const childStart = new Int32Array(nodes.length + 1);
  const childNumbers = new Int32Array(nodes.reduce((n, c) => n + c.children.length, 0));
  const deduction = new Uint8Array(nodes.length);
  const byCategory = new Uint8Array(nodes.length);
  let at = 0;
  nodes.forEach((c, k) => {
    childStart[k] = at;
    for (const id of c.children) childNumbers[at++] = number(id);
    deduction[k] = c.deduction ? 1 : 0;
    byCategory[k] = Object.keys(c.categories).length > 0 ? 1 : 0;
  });
  childStart[nodes.length] = at;
  const leaves = Int32Array.from(
    nodes.flatMap((c) => (c.kind === "group" ? [] : [c.id])),
    number,
  );
  const leafPlace = new Int32Array(nodes.length).fill(-1);
  leaves.forEach((k, place) => {
    leafPlace[k] = place;
  });
  return {
    nodes,
    numberOf,
    childStart,
    childNumbers,
    deduction,
    leaves,
    leafPlace,
    sections: Int32Array.from(scheme.sections, number),
    byCategory,
    onePerCluster: scheme.preOrder.filter((c) => c.onePerCluster),
    highestShare: scheme.preOrder.filter((c) => c.highestShare),
  };
}
