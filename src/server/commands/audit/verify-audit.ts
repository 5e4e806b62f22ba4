/**
 * Verify the audit chain and the records against it (decision 007): every row of `audit_log`
 * in order, its place (1, 2, 3… with no gap), its link to the row before and its own hash,
 * recomputed here from its fields (the database computes it on insert, migration 0006); the
 * last verified row still as it was; and every stored score, unit flag, decision and ballot
 * equal to what its last audit row says. Each break is named: the table, the record (unit,
 * criterion, stage, year by their names) and the time of the audit row concerned. The result
 * is kept in `audit_verifications`.
 */
import { createHash } from "node:crypto";
import { desc, sql } from "drizzle-orm";
import { formatVietnamTime } from "../../../core/workflow.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { auditVerifications } from "../../db/schema.ts";

export interface AuditBreak {
  /** The table of the record (audit_log, scores, period_units, decisions, ballots). */
  table: string;
  /** The record, by names a person reads. */
  record: string;
  /** When the audit row concerned was written (ISO), if there is one. */
  at: string | null;
  /** What is wrong, in Vietnamese. */
  problem: string;
}

export interface Verification {
  ok: boolean;
  rows: number;
  records: number;
  headSeq: number | null;
  headHash: string | null;
  /** Every break found; `breaks` lists the first ones. */
  breakCount: number;
  breaks: AuditBreak[];
}

/** Breaks kept with a verification (all are counted; the first ones are listed). */
const KEPT_BREAKS = 200;
const BATCH = 5000;
const GENESIS = "0".repeat(64);

const STAGES: Record<string, string> = {
  self: "tự chấm",
  official: "số liệu chính thức",
  cluster: "Cụm chấm",
  appraisal: "thẩm định",
};

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> =>
  ((await db.execute(query)) as unknown as Rows<T>).rows;

/** The hash of an audit row, as migration 0006's audit_row_digest computes it. */
export function auditRowDigest(prev: string, fields: (string | null)[]): string {
  const text = fields
    .map((f) => (f === null ? "-" : `${Buffer.byteLength(f, "utf8")}:${f}`))
    .join("|");
  return createHash("sha256").update(`${prev}|${text}`, "utf8").digest("hex");
}

const when = (at: Date | string | null) => (at ? formatVietnamTime(new Date(at)) : null);
const iso = (at: Date | string | null) => (at ? new Date(at).toISOString() : null);

interface ChainRow {
  f_seq: string;
  prev_hash: string;
  hash: string;
  at: Date;
  f_at: string;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  period_id: string | null;
  unit_id: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
}

async function walkChain(
  tx: DbOrTx,
  found: (b: AuditBreak) => void,
  progress: (done: number, total: number) => void,
): Promise<{ rows: number; headSeq: number | null; headHash: string | null }> {
  const [{ total } = { total: 0 }] = await rowsOf<{ total: number }>(
    tx,
    sql`SELECT count(*)::int AS total FROM audit_log`,
  );
  let expected = 1;
  let prev = GENESIS;
  let rows = 0;
  let headSeq: number | null = null;
  for (;;) {
    const batch = await rowsOf<ChainRow>(
      tx,
      sql`SELECT seq::text AS f_seq, prev_hash, hash, at,
            ((extract(epoch FROM at) * 1000000)::bigint)::text AS f_at,
            actor_id::text, action, entity, entity_id, period_id::text, unit_id::text,
            old_value::text, new_value::text, reason
          FROM audit_log a WHERE a.seq >= ${expected} ORDER BY a.seq LIMIT ${BATCH}`,
    );
    for (const r of batch) {
      const seq = Number(r.f_seq);
      const at = iso(r.at);
      const row = `dòng nhật ký số ${seq} (${r.action}, ${when(r.at)})`;
      if (seq !== expected) {
        found({
          table: "audit_log",
          record: `dòng nhật ký số ${expected}${seq - 1 > expected ? ` đến ${seq - 1}` : ""}`,
          at,
          problem: `không còn trong nhật ký (đã bị xóa): dòng tiếp theo còn lại là số ${seq}.`,
        });
      } else if (r.prev_hash !== prev) {
        found({
          table: "audit_log",
          record: row,
          at,
          problem: "không nối tiếp dòng liền trước trong chuỗi nhật ký.",
        });
      }
      const digest = auditRowDigest(r.prev_hash, [
        r.f_seq,
        r.f_at,
        r.actor_id,
        r.action,
        r.entity,
        r.entity_id,
        r.period_id,
        r.unit_id,
        r.old_value,
        r.new_value,
        r.reason,
      ]);
      if (digest !== r.hash) {
        found({
          table: "audit_log",
          record: row,
          at,
          problem: "nội dung đã bị sửa sau khi ghi (mã băm không khớp).",
        });
      }
      prev = r.hash;
      expected = seq + 1;
      headSeq = seq;
      rows += 1;
    }
    progress(rows, total);
    if (batch.length < BATCH) break;
  }
  return { rows, headSeq, headHash: headSeq === null ? null : prev };
}

/** The row the last verification ended on must still be there, unchanged. */
async function checkAnchor(tx: DbOrTx, found: (b: AuditBreak) => void): Promise<void> {
  const [last] = await tx
    .select({ headSeq: auditVerifications.headSeq, headHash: auditVerifications.headHash })
    .from(auditVerifications)
    .orderBy(desc(auditVerifications.id))
    .limit(1);
  if (!last?.headSeq || !last.headHash) return;
  const [row] = await rowsOf<{ hash: string; at: Date }>(
    tx,
    sql`SELECT hash, at FROM audit_log WHERE seq = ${last.headSeq}`,
  );
  if (row?.hash === last.headHash) return;
  found({
    table: "audit_log",
    record: `dòng nhật ký số ${last.headSeq} (dòng cuối ở lần kiểm tra trước)`,
    at: row ? iso(row.at) : null,
    problem: row
      ? "đã khác với lúc kiểm tra trước: chuỗi nhật ký đã bị viết lại."
      : "không còn trong nhật ký: các dòng cuối đã bị xóa sau lần kiểm tra trước.",
  });
}

interface RecordBreak {
  table: string;
  /** unaudited: no audit row says it; gone: the audit row says it, the table lacks it. */
  kind: "unaudited" | "gone" | "changed";
  record: string;
  at: Date | null;
  stored: string | null;
  audited: string | null;
}

/** Records whose stored value differs from their last audit row, with names to show. */
async function checkRecords(
  tx: DbOrTx,
  found: (b: AuditBreak) => void,
): Promise<{ records: number }> {
  const [counted] = await rowsOf<{ n: number }>(
    tx,
    sql`SELECT (SELECT count(*) FROM scores) + (SELECT count(*) FROM period_units)
          + (SELECT count(*) FROM decisions) + (SELECT count(*) FROM ballots) AS n`,
  );
  const scores = await rowsOf<RecordBreak & { stage: string }>(
    tx,
    sql`WITH last AS (
          SELECT DISTINCT ON (period_id, entity_id) period_id, entity_id, new_value, at
          FROM audit_log WHERE entity = 'score' ORDER BY period_id, entity_id, seq DESC),
        joined AS (
          SELECT coalesce(s.period_id, l.period_id) AS period_id,
                 coalesce(s.unit_id, split_part(l.entity_id, '/', 1)::int) AS unit_id,
                 coalesce(s.criterion_id, split_part(l.entity_id, '/', 2)) AS criterion_id,
                 coalesce(s.stage, split_part(l.entity_id, '/', 3)) AS stage,
                 s.value::text AS stored,
                 CASE WHEN l.new_value IS NULL OR jsonb_typeof(l.new_value) = 'null' THEN NULL
                      ELSE (l.new_value -> 'value')::text END AS audited,
                 l.at, l.entity_id IS NOT NULL AS has_audit
          FROM scores s
          FULL JOIN last l ON l.period_id = s.period_id
            AND l.entity_id = s.unit_id || '/' || s.criterion_id || '/' || s.stage)
        SELECT 'scores' AS table, j.stage, j.stored, j.audited, j.at,
               CASE WHEN NOT j.has_audit THEN 'unaudited' WHEN j.stored IS NULL THEN 'gone'
                    ELSE 'changed' END AS kind,
               'tiêu chí ' || j.criterion_id || ' của ' || coalesce(u.name, 'đơn vị số ' || j.unit_id)
                 || ' (' || coalesce(p.label, 'kỳ số ' || j.period_id) || ')' AS record
        FROM joined j
        LEFT JOIN units u ON u.id = j.unit_id
        LEFT JOIN periods p ON p.id = j.period_id
        WHERE j.stored IS DISTINCT FROM j.audited OR (j.stored IS NOT NULL AND NOT j.has_audit)
        ORDER BY j.period_id, j.unit_id, j.criterion_id, j.stage`,
  );
  for (const s of scores) {
    found(describe({ ...s, record: `Điểm ${STAGES[s.stage] ?? s.stage} ${s.record}` }, "điểm"));
  }
  const flags = await rowsOf<RecordBreak>(
    tx,
    sql`WITH last AS (
          SELECT DISTINCT ON (period_id, entity_id) period_id, entity_id, new_value, at
          FROM audit_log WHERE entity = 'period_unit' AND new_value ? 'flags'
          ORDER BY period_id, entity_id, seq DESC)
        SELECT 'period_units' AS table, pu.flags::text AS stored,
               coalesce(l.new_value -> 'flags', '[]'::jsonb)::text AS audited, l.at,
               CASE WHEN l.entity_id IS NULL THEN 'unaudited' ELSE 'changed' END AS kind,
               'Ghi nhận về ' || u.name || ' (' || p.label || ')' AS record
        FROM period_units pu
        JOIN units u ON u.id = pu.unit_id
        JOIN periods p ON p.id = pu.period_id
        LEFT JOIN last l ON l.period_id = pu.period_id
          AND l.entity_id = pu.period_id || '/' || pu.unit_id
        WHERE pu.flags IS DISTINCT FROM coalesce(l.new_value -> 'flags', '[]'::jsonb)
        ORDER BY pu.period_id, pu.unit_id`,
  );
  for (const f of flags) found(describe(f, "ghi nhận"));
  const decisions = await rowsOf<RecordBreak>(
    tx,
    sql`WITH last AS (
          SELECT DISTINCT ON (entity_id) entity_id, at,
            jsonb_build_object('text', new_value -> 'text', 'votesFor', new_value -> 'votesFor',
              'votesAgainst', new_value -> 'votesAgainst', 'present', new_value -> 'present',
              'passed', new_value -> 'passed', 'escalated', new_value -> 'escalated') AS audited
          FROM audit_log WHERE entity = 'decision' ORDER BY entity_id, seq DESC),
        current AS (
          SELECT d.id::text AS entity_id, jsonb_build_object('text', d.text,
            'votesFor', d.votes_for, 'votesAgainst', d.votes_against, 'present', d.present,
            'passed', d.passed, 'escalated', d.escalated) AS stored, m.title
          FROM decisions d JOIN meetings m ON m.id = d.meeting_id)
        SELECT 'decisions' AS table, c.stored::text AS stored, l.audited::text AS audited, l.at,
               CASE WHEN l.entity_id IS NULL THEN 'unaudited' WHEN c.entity_id IS NULL THEN 'gone'
                    ELSE 'changed' END AS kind,
               'Quyết định số ' || coalesce(c.entity_id, l.entity_id)
                 || coalesce(' (' || c.title || ')', '') AS record
        FROM current c FULL JOIN last l ON l.entity_id = c.entity_id
        WHERE c.stored IS DISTINCT FROM l.audited
        ORDER BY coalesce(c.entity_id, l.entity_id)`,
  );
  for (const d of decisions) found(describe(d, "quyết định"));
  const ballots = await rowsOf<RecordBreak>(
    tx,
    sql`WITH last AS (
          SELECT DISTINCT ON (entity_id) entity_id, action, new_value, at
          FROM audit_log WHERE entity = 'ballot' AND (action = 'open' OR new_value ? 'status')
          ORDER BY entity_id, seq DESC)
        SELECT 'ballots' AS table,
               jsonb_build_object('status', b.status, 'outcome', b.outcome)::text AS stored,
               jsonb_build_object('status', coalesce(l.new_value ->> 'status', 'open'),
                 'outcome', l.new_value -> 'outcome')::text AS audited,
               l.at,
               CASE WHEN l.entity_id IS NULL THEN 'unaudited' WHEN b.id IS NULL THEN 'gone'
                    ELSE 'changed' END AS kind,
               'Cuộc bỏ phiếu số ' || coalesce(b.id::text, l.entity_id)
                 || coalesce(' (' || m.title || ')', '') AS record
        FROM ballots b
        JOIN meetings m ON m.id = b.meeting_id
        FULL JOIN last l ON l.entity_id = b.id::text
        WHERE l.entity_id IS NULL OR b.id IS NULL
           OR b.status IS DISTINCT FROM coalesce(l.new_value ->> 'status', 'open')
           OR (l.new_value ? 'outcome' AND b.outcome IS DISTINCT FROM l.new_value -> 'outcome')
        ORDER BY coalesce(b.id::text, l.entity_id)`,
  );
  for (const b of ballots) found(describe(b, "cuộc bỏ phiếu"));
  return { records: Number(counted?.n ?? 0) };
}

function describe(r: RecordBreak, what: string): AuditBreak {
  const problem =
    r.kind === "unaudited"
      ? `có trong cơ sở dữ liệu (${r.stored}) nhưng nhật ký không có dòng nào ghi ${what} này: đã được ghi ngoài phần mềm.`
      : r.kind === "gone"
        ? `nhật ký ghi ${r.audited} lúc ${when(r.at)} nhưng cơ sở dữ liệu không còn ${what} này: đã bị xóa ngoài phần mềm.`
        : `trong cơ sở dữ liệu là ${r.stored}, nhật ký ghi ${r.audited ?? "đã xóa"} lúc ${when(r.at)}: đã bị sửa ngoài phần mềm.`;
  return { table: r.table, record: r.record, at: iso(r.at), problem };
}

export interface VerifyOptions {
  /** Who asked (an administrator), or null from the command line. */
  actorId?: number | null;
  onProgress?: (message: string) => void;
}

/** Walk the chain and compare the records, in one snapshot; keep and return the result. */
export async function verifyAudit(db: Db, options: VerifyOptions = {}): Promise<Verification> {
  const breaks: AuditBreak[] = [];
  let count = 0;
  const found = (b: AuditBreak) => {
    count += 1;
    if (breaks.length < KEPT_BREAKS) breaks.push(b);
  };
  const result = await db.transaction(
    async (tx) => {
      await checkAnchor(tx, found);
      const chain = await walkChain(tx, found, (done, total) =>
        options.onProgress?.(`Đã kiểm tra ${done}/${total} dòng nhật ký…`),
      );
      options.onProgress?.("Đang so điểm, ghi nhận, quyết định và cuộc bỏ phiếu với nhật ký…");
      const { records } = await checkRecords(tx, found);
      return { ...chain, records };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const verification: Verification = { ok: count === 0, ...result, breakCount: count, breaks };
  await db.insert(auditVerifications).values({ actorId: options.actorId ?? null, ...verification });
  return verification;
}
