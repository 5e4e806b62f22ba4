/**
 * The formulas of the scoring sheet in Excel (decision 003): every criterion scored from
 * figures, every group, section and total is a live formula, so that an officer who fills the
 * sheet offline sees the points and the sums as the product computes them. The formulas do the
 * engine's arithmetic (src/core/evaluate.ts) on exact hundredths: a criterion's points are
 * rounded half-up once, at the criterion, on whole numbers (the figures are taken to four
 * decimals); a group adds its children in hundredths (ROUND(…·100)), caps at its maximum and
 * takes its deductions away; the total adds the sections and the over-plan bonus (each
 * section's at most its cap), caps at the scheme's cap and takes the deduction sections away.
 * So a sum shown is the exact decimal the engine gives, never a binary-floating-point drift.
 *
 * What needs the whole cluster (the highest share of Lạng Sơn III.6.3, a one-unit bonus several
 * units claim) is not computed here: the sheet writes what the cluster found, when known.
 *
 * A formula is written without its "=", as ExcelJS takes it, in the functions Excel and
 * LibreOffice share (no LET). A blank column stays blank: the groups and totals show "" until
 * something is filled in their column, and a criterion scored from figures until its figures are.
 */
import { fromHundredths } from "../core/decimal.ts";
import type { Criterion, Scheme } from "../core/scheme.ts";
import { scoreFields } from "../core/score-fields.ts";

/** Where a criterion's cells are in one column of the sheet (A1 addresses). */
export interface ColumnCells {
  /** The cell of a criterion's own row. */
  row(id: string): string;
  /** The cell of one of a criterion's figures ("plan", "counts.member"…). */
  field(id: string, key: string): string;
  /** The cell counting what is filled in the column (0: nothing yet). */
  filled: string;
  /** The cell of the over-plan bonus row, if the scheme has one. */
  bonus?: string;
}

/** Figures are read to four decimals, as whole numbers, so that a ratio is exact. */
const FIGURE_SCALE = 10000;
/** Excel takes at most 255 arguments a function: sums of more are nested. */
const MAX_ARGUMENTS = 200;

const text = (s: string) => `"${s.replace(/"/g, '""')}"`;
const decimal = (h: number) => String(fromHundredths(h));

/** A function over many cells, nested when they are too many for one call. */
function over(fn: string, cells: string[]): string {
  if (cells.length === 0) return "0";
  if (cells.length <= MAX_ARGUMENTS) return `${fn}(${cells.join(",")})`;
  const parts: string[] = [];
  for (let i = 0; i < cells.length; i += MAX_ARGUMENTS) {
    parts.push(over(fn, cells.slice(i, i + MAX_ARGUMENTS)));
  }
  return fn === "SUM" || fn === "COUNTA" || fn === "COUNT" ? `SUM(${parts.join(",")})` : "";
}

/** A sum of points in whole hundredths. */
const hundredths = (cells: string[]) => `ROUND(${over("SUM", cells)}*100,0)`;

/** What a column holds filled by a person: every cell a value is typed in. */
export function filledFormula(inputs: string[]): string {
  return over("COUNTA", inputs);
}

/** Whether a criterion is scored by typing points on its own row. */
export function onOwnRow(c: Criterion): boolean {
  const fields = scoreFields(c);
  return fields.length === 1 && fields[0]?.key === "points";
}

/** The plan and the actual figure of a ratio as whole numbers, and what is achieved of it. */
function ratioParts(c: Criterion, cells: ColumnCells, id: string) {
  const plan = cells.field(id, "plan");
  const actual = cells.field(id, "actual");
  const p = `ROUND(${plan}*${FIGURE_SCALE},0)`;
  const a = `ROUND(${actual}*${FIGURE_SCALE},0)`;
  // lower is better: (2 − actual ÷ plan), never below 0
  const num = c.lowerIsBetter ? `MAX(0,2*${p}-${a})` : a;
  const blank = `COUNT(${plan},${actual})<2`;
  const invalid = `OR(${plan}<=0,${actual}<0)`;
  return { p, num, blank, invalid };
}

/** A ratio to plan: the maximum at or above plan, else max × achieved, rounded half-up. */
function ratioFormula(c: Criterion, cells: ColumnCells): string {
  const max = c.max as number;
  const { p, num, blank, invalid } = ratioParts(c, cells, c.id);
  const points = `IF(${num}>=${p},${max},ROUND(${max}*${num}/${p},0))`;
  return `IF(${blank},"",IF(${invalid},"",${points}/100))`;
}

/** The over-plan bonus of a ratio, in hundredths (0 when none). */
function ratioBonus(c: Criterion, cells: ColumnCells, pct: number): string {
  const max = c.max as number;
  const { p, num, blank, invalid } = ratioParts(c, cells, c.id);
  const excess = `(${num}-${p})`;
  const bonus = `IF(${excess}*100>=${p}*${pct},ROUND(${max}*${pct}/100,0),ROUND(${max}*${excess}/${p},0))`;
  return `IF(${blank},0,IF(${invalid},0,IF(${num}>${p},${bonus},0)))`;
}

/** A level chosen by its label (or id), or found from the dossiers' counts. */
function levelFormula(c: Criterion, cells: ColumnCells): string {
  const byCounts = c.levels.some((l) => l.when !== undefined);
  if (!byCounts) {
    const chosen = `LOWER(TRIM(${cells.field(c.id, "level")}))`;
    let chain = '""';
    for (const level of [...c.levels].reverse()) {
      const names = [...new Set([level.label, level.id].map((n) => n.toLocaleLowerCase("vi-VN")))];
      const test = names.map((n) => `${chosen}=${text(n)}`).join(",");
      chain = `IF(OR(${test}),${decimal(level.points)},${chain})`;
    }
    return `IF(${chosen}="","",${chain})`;
  }
  const s = cells.field(c.id, "submitted");
  const i = cells.field(c.id, "ineligible");
  let chain = '""';
  for (const level of [...c.levels].reverse()) {
    const w = level.when;
    const points = decimal(level.points);
    if (w === undefined) chain = points;
    else if ("noneSubmitted" in w) chain = `IF(${s}=0,${points},${chain})`;
    else if ("ineligiblePctAtMost" in w) {
      chain = `IF(AND(${s}>0,${i}*100<=${w.ineligiblePctAtMost}*${s}),${points},${chain})`;
    } else {
      chain = `IF(AND(${s}>0,${i}*100<${w.ineligiblePctBelow}*${s}),${points},${chain})`;
    }
  }
  return `IF(COUNT(${s},${i})<2,"",IF(OR(${s}<0,${i}<0,${i}>${s}),"",${chain}))`;
}

/** Points lost per missing or late item, down to 0. */
function lossFormula(c: Criterion, cells: ColumnCells): string {
  const m = cells.field(c.id, "missing");
  return `IF(COUNT(${m})=0,"",MAX(0,${c.max as number}-${m}*${c.perItem})/100)`;
}

/** A deduction counted in events (by steps) or by category, capped at its maximum. */
function deductionFormula(c: Criterion, cells: ColumnCells): string {
  const cap = (raw: string) => (c.max === null ? raw : `MIN(${raw},${c.max})`);
  const categories = Object.entries(c.categories);
  if (categories.length > 0) {
    const counts = categories.map(([id]) => cells.field(c.id, `counts.${id}`));
    const raw = categories.map(([, cat], k) => `N(${counts[k]})*${cat.points}`).join("+");
    return `IF(COUNTA(${counts.join(",")})=0,"",(${cap(raw)})/100)`;
  }
  const n = cells.field(c.id, "count");
  let done = 0;
  const terms: string[] = [];
  for (const tier of c.tiers) {
    const from = `MAX(0,${n}-${done})`;
    terms.push(
      Number.isFinite(tier.upTo)
        ? `MIN(${from},${tier.upTo - done})*${tier.points}`
        : `${from}*${tier.points}`,
    );
    if (!Number.isFinite(tier.upTo)) break;
    done = tier.upTo;
  }
  return `IF(COUNT(${n})=0,"",(${cap(terms.join("+") || "0")})/100)`;
}

/** A group: its children in hundredths, capped at its maximum, less its deductions. */
function groupFormula(scheme: Scheme, c: Criterion, cells: ColumnCells): string {
  const children = c.children.map((id) => scheme.nodes.get(id) as Criterion);
  const taken = children.filter((k) => k.deduction).map((k) => cells.row(k.id));
  const given = children.filter((k) => !k.deduction).map((k) => cells.row(k.id));
  let points: string;
  if (c.deduction) {
    const all = hundredths([...given, ...taken]);
    points = c.max === null ? all : `MIN(${all},${c.max})`;
  } else {
    const kept = c.max === null ? hundredths(given) : `MIN(${hundredths(given)},${c.max})`;
    points = taken.length === 0 ? kept : `MAX(0,${kept}-${hundredths(taken)})`;
  }
  return `IF(${cells.filled}=0,"",${points}/100)`;
}

/**
 * The formula of a criterion's own row, or null where a person types the points (a criterion
 * scored in points) or where the sheet cannot compute them (the cluster's highest share).
 */
export function criterionFormula(scheme: Scheme, c: Criterion, cells: ColumnCells): string | null {
  switch (c.kind) {
    case "group":
      return groupFormula(scheme, c, cells);
    case "manual":
    case "external":
      return null;
    case "ratio":
      return ratioFormula(c, cells);
    case "level":
      return levelFormula(c, cells);
    case "lossPerItem":
      return lossFormula(c, cells);
    case "deduction":
      return onOwnRow(c) ? null : deductionFormula(c, cells);
  }
}

/** The over-plan bonus of the unit: each section's ratios' bonuses, at most the section's cap. */
export function bonusFormula(scheme: Scheme, cells: ColumnCells): string {
  const plan = scheme.overPlanBonus;
  if (!plan) return '""';
  const sections = scheme.sections.map((s) => {
    const terms = scheme.preOrder
      .filter((c) => c.section === s && c.kind === "ratio" && c.overPlanBonus)
      .map((c) => ratioBonus(c, cells, plan.pct));
    return terms.length === 0 ? null : `MIN(${plan.sectionCap},${terms.join("+")})`;
  });
  const sum = sections.filter((t) => t !== null).join("+") || "0";
  return `IF(${cells.filled}=0,"",(${sum})/100)`;
}

/** The points the deduction sections take away. */
export function deductionsFormula(scheme: Scheme, cells: ColumnCells): string {
  const taken = scheme.sections.filter((s) => scheme.nodes.get(s)?.deduction);
  return `IF(${cells.filled}=0,"",${hundredths(taken.map((s) => cells.row(s)))}/100)`;
}

/** The total: the sections and the bonus, at most the scheme's cap, less the deductions. */
export function totalFormula(scheme: Scheme, cells: ColumnCells): string {
  const sections = scheme.sections.map((s) => scheme.nodes.get(s) as Criterion);
  const given = hundredths(sections.filter((s) => !s.deduction).map((s) => cells.row(s.id)));
  const bonus = cells.bonus ? `+${hundredths([cells.bonus])}` : "";
  const gross = `${given}${bonus}`;
  const kept = scheme.totalCap === null ? gross : `MIN(${gross},${scheme.totalCap})`;
  const taken = sections.filter((s) => s.deduction).map((s) => cells.row(s.id));
  const total = taken.length === 0 ? `MAX(0,${kept})` : `MAX(0,${kept}-${hundredths(taken)})`;
  return `IF(${cells.filled}=0,"",${total}/100)`;
}
