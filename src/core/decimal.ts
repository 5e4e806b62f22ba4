/**
 * Exact score arithmetic. Points are integers of hundredths ("0,5 điểm" is 50); a value the
 * engine computes at a criterion is rounded half-up there, once; every sum above it is exact.
 * Figures such as plan and actual are read as the exact decimals they were written as.
 */

/** Points in hundredths of a point: always an integer. */
export type Hundredths = number;

/** Points as written (at most two decimals) to hundredths, or null when not representable. */
export function toHundredths(points: number): Hundredths | null {
  if (!Number.isFinite(points)) return null;
  const h = Math.round(points * 100);
  if (!Number.isSafeInteger(h) || h / 100 !== points) return null;
  return h;
}

/** Hundredths back to a plain number of points for JSON (986.6, 146, 930.73). */
export function fromHundredths(h: Hundredths): number {
  return h / 100;
}

/** round(n / d) with halves going up, for n ≥ 0 and d > 0 (integers). */
export function divRoundHalfUp(n: number, d: number): number {
  if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) {
    const q = Math.floor(n / d);
    const r = n - q * d;
    return 2 * r >= d ? q + 1 : q;
  }
  return Number(bigDivRoundHalfUp(BigInt(n), BigInt(d)));
}

function bigDivRoundHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n - q * d;
  return 2n * r >= d ? q + 1n : q;
}

/** round(a × b / d) half-up for non-negative integers, exact whatever their size. */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p) && Number.isSafeInteger(d)) return divRoundHalfUp(p, d);
  return Number(bigDivRoundHalfUp(BigInt(a) * BigInt(b), BigInt(d)));
}

/** a × b compared with c × d, exactly (integers): negative, 0 or positive. */
export function compareProducts(a: number, b: number, c: number, d: number): number {
  const x = a * b;
  const y = c * d;
  if (Number.isSafeInteger(x) && Number.isSafeInteger(y)) return x - y;
  const bx = BigInt(a) * BigInt(b);
  const by = BigInt(c) * BigInt(d);
  return bx === by ? 0 : bx < by ? -1 : 1;
}

/** Number of decimal places of a figure as written (60.8 → 1); null when it has too many. */
function decimalPlaces(x: number): number | null {
  // the fewest places that give back the same number: those of its shortest decimal form
  for (let k = 0, f = 1; k <= 12; k++, f *= 10) {
    if (Math.round(x * f) / f === x) return k;
  }
  return null;
}

/**
 * The power of ten that puts two figures on a common decimal scale as integers (plan 2.0 and
 * actual 1.25 → 100: 200 and 125), so that their ratio is exact; null when one has more than
 * twelve decimals.
 */
export function commonFactor(a: number, b: number): number | null {
  const da = decimalPlaces(a);
  const db = decimalPlaces(b);
  if (da === null || db === null) return null;
  return 10 ** Math.max(da, db);
}

/** Points for people: decimal comma, no needless zeros ("934,4", "45,84", "5"). */
export function formatPoints(h: Hundredths): string {
  const sign = h < 0 ? "-" : "";
  const abs = Math.abs(h);
  const int = Math.floor(abs / 100);
  const frac = abs % 100;
  const intText = int < 1000 ? String(int) : String(int).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  if (frac === 0) return sign + intText;
  return `${sign}${intText},${frac % 10 === 0 ? frac / 10 : String(frac).padStart(2, "0")}`;
}

/** An exact fraction n/d as a percentage with up to two decimals, for explanations ("108,75%"). */
export function formatPercent(n: number, d: number): string {
  return `${formatPoints(mulDivRoundHalfUp(n, 10000, d))}%`;
}
