/**
 * Documents benchmark: the summary of a province — 2,000 clusters × 10 units — exported as one
 * Excel workbook (`provinceSummary`, a streamed sheet). The clusters' scores are generated
 * first (seeded, not timed) on the Lạng Sơn sheet B and the Ba Đình scheme in turn, so the
 * header changes between clusters; then the timed part scores and ranks every cluster with the
 * engine, as the export does, and writes the file until it is closed on disk. Exits
 * with code 1 when it takes longer than the target. Run: `npm run bench:documents`.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScoreValue, UnitInfo } from "../src/core/evaluate.ts";
import { evaluateCluster, schemeOf } from "../src/core/scenario.ts";
import type { Scheme } from "../src/core/scheme.ts";
import { provinceSummary, type SummaryInput } from "../src/documents/excel-summary.ts";

const CLUSTERS = 2_000;
const UNITS = 10;
const TARGET_SECONDS = 10;

let seed = 20261201;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

const schemes = [
  schemeOf({ scheme: "lang-son-2019/B", criteria: [] }),
  schemeOf({
    scheme: "ba-dinh-2022",
    criteria: [
      { id: "I.1", parent: "I", title: "Chỉ tiêu kinh tế", max: 580, kind: "manual" },
      { id: "II.1", parent: "II", title: "Xây dựng Đảng", max: 200, kind: "manual" },
    ],
  }),
];
/** A plausible value for every criterion a unit fills itself (no cluster-wide bonus). */
function scoresFor(scheme: Scheme): Record<string, ScoreValue> {
  const out: Record<string, ScoreValue> = {};
  for (const c of scheme.preOrder) {
    const max = (c.max ?? 0) / 100;
    if (c.kind === "manual" || c.kind === "external") {
      if (c.onePerCluster || c.roles || c.highestShare) continue;
      out[c.id] = Math.round(max * (60 + random() * 40)) / 100;
    } else if (c.kind === "lossPerItem") {
      out[c.id] = { missing: Math.floor(random() * 3) };
    } else if (c.kind === "level" && c.levels.some((l) => l.when)) {
      out[c.id] = { submitted: 10, ineligible: Math.floor(random() * 3) };
    } else if (c.kind === "deduction" && c.tiers.length > 0) {
      out[c.id] = { count: Math.floor(random() * 3) };
    }
  }
  return out;
}

const years = Array.from({ length: CLUSTERS }, (_, c) => {
  const scheme = schemes[c % 2] as Scheme;
  const units: UnitInfo[] = Array.from({ length: UNITS }, (_, i) => ({
    id: `C${c}-U${i}`,
    name: `Đơn vị số ${i + 1} của Cụm thi đua số ${c + 1}`,
    role: i === 0 ? "leader" : i === 1 ? "deputy" : "member",
    clusterKind: "ward",
    registered: true,
    pactSigned: true,
    partyRating: "HTTNV",
    flags: [],
  }));
  const scores = Object.fromEntries(units.map((u) => [u.id, scoresFor(scheme)]));
  return { scheme, units, scores, cluster: `Cụm thi đua số ${c + 1}` };
});

const dir = mkdtempSync(join(tmpdir(), "tdkt-bench-"));
const path = join(dir, "tong-hop-tinh.xlsx");
try {
  const started = performance.now();
  // the results of every cluster, as the export computes them, then the file
  const clusters: SummaryInput[] = years.map((y) => ({
    scheme: y.scheme,
    cluster: y.cluster,
    period: "2026",
    output: evaluateCluster(y.scheme, y.units, y.scores, []).output,
    names: new Map(y.units.map((u) => [u.id, u.name])),
  }));
  const evaluated = (performance.now() - started) / 1000;
  const out = createWriteStream(path);
  const closed = new Promise((resolve, reject) => {
    out.on("close", () => resolve(undefined));
    out.on("error", reject);
  });
  await provinceSummary("Tỉnh Lạng Sơn", clusters, out);
  await closed;
  const seconds = (performance.now() - started) / 1000;
  const size = statSync(path).size;
  console.log(
    `Bảng tổng hợp của tỉnh: ${CLUSTERS} Cụm × ${UNITS} đơn vị (${CLUSTERS * UNITS} dòng đơn vị) trong ${seconds.toFixed(2)} giây (chấm điểm ${evaluated.toFixed(2)} giây, ghi tệp ${(seconds - evaluated).toFixed(2)} giây), tệp ${(size / 1e6).toFixed(1)} MB (mục tiêu < ${TARGET_SECONDS} giây)`,
  );
  process.exitCode = seconds < TARGET_SECONDS ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
