/**
 * The cluster's criteria as an editable tree: the preset (or the level's framework) with the
 * cluster's own list of changes applied, tolerantly, so the tree shows even while the list is
 * not valid yet; the engine says what is wrong (`validate`).
 */
import { EngineError } from "../../../core/errors.ts";
import {
  type CriterionChange,
  type CriterionSpec,
  compileScheme,
  type Kind,
  type SchemeSpec,
  specialise,
} from "../../../core/scheme.ts";

export interface TreeNode {
  id: string;
  parent: string | null;
  title: string;
  max: number | undefined;
  kind: Kind;
  lowerIsBetter: boolean;
  /** Set by the standing agency (the node or a section above it is locked). */
  locked: boolean;
  /** The topmost locked node: where the tag is shown. */
  lockRoot: boolean;
  capped: boolean;
  deduction: boolean;
  /** Added by the cluster (not in the preset or framework). */
  added: boolean;
  /** The preset's (or framework's) title and maximum, when the cluster changed them. */
  original: { title: string; max: number | undefined } | null;
  children: TreeNode[];
}

export const KIND_LABELS: Record<Kind, string> = {
  group: "Nhóm tiêu chí",
  manual: "Định tính",
  ratio: "Định lượng (so kế hoạch)",
  external: "Kết quả đánh giá khác",
  level: "Chọn mức",
  lossPerItem: "Trừ theo từng mục",
  deduction: "Điểm trừ",
};

export const EDITABLE_KINDS = ["manual", "ratio", "external"] as const;

function nodeOf(spec: CriterionSpec, parent: TreeNode | null): TreeNode {
  const locked = Boolean(spec.locked) || Boolean(parent?.locked);
  const node: TreeNode = {
    id: spec.id,
    parent: parent?.id ?? null,
    title: spec.title,
    max: spec.max,
    kind: spec.children?.length ? "group" : (spec.kind ?? "manual"),
    lowerIsBetter: Boolean(spec.lowerIsBetter),
    locked,
    lockRoot: locked && !parent?.locked,
    capped: Boolean(spec.capped),
    deduction: spec.kind === "deduction",
    added: false,
    original: null,
    children: [],
  };
  node.children = (spec.children ?? []).map((c) => nodeOf(c, node));
  return node;
}

export interface BuiltTree {
  roots: TreeNode[];
  byId: Map<string, TreeNode>;
  /** Changes that could not be placed (their parent does not exist). */
  orphans: CriterionChange[];
}

/** The base tree with the changes applied in the engine's order, never throwing. */
export function buildTree(base: SchemeSpec, changes: CriterionChange[]): BuiltTree {
  const roots = base.criteria.map((c) => nodeOf(c, null));
  const byId = new Map<string, TreeNode>();
  const index = (n: TreeNode) => {
    byId.set(n.id, n);
    n.children.forEach(index);
  };
  roots.forEach(index);
  const pending = [...changes];
  let progress = true;
  while (pending.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const ch = pending[i] as CriterionChange;
      const existing = byId.get(ch.id);
      const parent = ch.parent ? byId.get(ch.parent) : undefined;
      if (!existing && !parent) continue;
      pending.splice(i--, 1);
      progress = true;
      if (existing) {
        if (!existing.added && (ch.title !== undefined || ch.max !== undefined)) {
          existing.original ??= { title: existing.title, max: existing.max };
        }
        if (ch.title !== undefined) existing.title = ch.title;
        if (ch.max !== undefined) existing.max = ch.max;
        if (ch.kind !== undefined && existing.kind !== "group") existing.kind = ch.kind;
        if (ch.lowerIsBetter !== undefined) existing.lowerIsBetter = ch.lowerIsBetter;
        continue;
      }
      const host = parent as TreeNode;
      const node: TreeNode = {
        id: ch.id,
        parent: host.id,
        title: ch.title ?? ch.id,
        max: ch.max,
        kind: ch.kind ?? "manual",
        lowerIsBetter: Boolean(ch.lowerIsBetter),
        locked: host.locked,
        lockRoot: false,
        capped: false,
        deduction: false,
        added: true,
        original: null,
        children: [],
      };
      host.children.push(node);
      host.kind = "group";
      byId.set(node.id, node);
    }
  }
  const settle = (n: TreeNode) => {
    n.children.forEach(settle);
    if (n.kind === "group") n.deduction = n.children.every((c) => c.deduction);
  };
  roots.forEach(settle);
  return { roots, byId, orphans: pending };
}

/** What a group's children take of its maximum, and what is left (negative: over). */
export function allocation(node: TreeNode): { assigned: number; left: number } | null {
  if (node.kind !== "group" || node.max === undefined) return null;
  const assigned = node.children
    .filter((c) => c.deduction === node.deduction)
    .reduce((sum, c) => sum + Math.round((c.max ?? 0) * 100), 0);
  return { assigned: assigned / 100, left: (Math.round(node.max * 100) - assigned) / 100 };
}

export interface Validation {
  message: string | null;
  /** The criterion the engine's message names, when it is one of the tree's. */
  criterionId: string | null;
  totalMax: number | null;
}

/** The engine's verdict on the list: compile the specialised scheme as the server will. */
export function validate(base: SchemeSpec, changes: CriterionChange[]): Validation {
  try {
    const scheme = compileScheme(specialise(base, changes));
    return { message: null, criterionId: null, totalMax: scheme.totalMax / 100 };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { message: e.message, criterionId: namedCriterion(e.message), totalMax: null };
  }
}

/** "Tiêu chí I.3 (…): …", "Mã tiêu chí I.3 bị trùng." → "I.3". */
export function namedCriterion(message: string): string | null {
  const m = /Tiêu chí ([^\s:(),]+)/.exec(message) ?? /Mã tiêu chí "?([^\s"]+?)"? /.exec(message);
  return m?.[1] ?? null;
}

/* ---------- changes to the cluster's list ---------- */

type Fields = Partial<Pick<CriterionChange, "title" | "max" | "kind" | "lowerIsBetter">>;

/**
 * Set fields of a criterion: a cluster-added one keeps its whole entry; a preset one keeps only
 * what differs from the preset (the entry goes when nothing differs).
 */
export function setFields(
  changes: CriterionChange[],
  node: TreeNode,
  fields: Fields,
): CriterionChange[] {
  const at = changes.findIndex((c) => c.id === node.id);
  const entry: CriterionChange = { ...(changes[at] ?? { id: node.id }), ...fields };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete entry[key as keyof Fields];
  }
  if (!node.added) {
    const base = node.original ?? { title: node.title, max: node.max };
    if (entry.title === base.title) delete entry.title;
    if (entry.max === base.max) delete entry.max;
  }
  const keep = node.added || Object.keys(entry).some((k) => k !== "id" && k !== "parent");
  if (at < 0) return keep ? [...changes, entry] : changes;
  return keep ? changes.map((c, i) => (i === at ? entry : c)) : changes.filter((_, i) => i !== at);
}

/** Remove a criterion the cluster added, with everything added under it. */
export function removeAdded(changes: CriterionChange[], id: string): CriterionChange[] {
  const gone = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of changes) {
      if (c.parent && gone.has(c.parent) && !gone.has(c.id)) {
        gone.add(c.id);
        grew = true;
      }
    }
  }
  return changes.filter((c) => !gone.has(c.id));
}

/** Back to the preset's title and maximum (what was added under it stays). */
export function restore(changes: CriterionChange[], id: string): CriterionChange[] {
  return changes.filter((c) => c.id !== id);
}

/** Move a cluster-added criterion before or after its previous or next added sibling. */
export function move(changes: CriterionChange[], node: TreeNode, by: -1 | 1): CriterionChange[] {
  const siblings = changes
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.parent === node.parent && c.parent !== undefined);
  const k = siblings.findIndex(({ c }) => c.id === node.id);
  const other = siblings[k + by];
  const self = siblings[k];
  if (!other || !self) return changes;
  const out = [...changes];
  out[self.i] = other.c;
  out[other.i] = self.c;
  return out;
}

/** Whether a cluster-added criterion can move up (-1) or down (1) among added siblings. */
export function canMove(changes: CriterionChange[], node: TreeNode, by: -1 | 1): boolean {
  const siblings = changes.filter((c) => c.parent === node.parent && c.parent !== undefined);
  const k = siblings.findIndex((c) => c.id === node.id);
  return k >= 0 && k + by >= 0 && k + by < siblings.length;
}
