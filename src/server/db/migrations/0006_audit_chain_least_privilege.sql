CREATE TABLE "audit_verifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_verifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"ok" boolean NOT NULL,
	"rows" integer NOT NULL,
	"records" integer NOT NULL,
	"break_count" integer NOT NULL,
	"head_seq" bigint,
	"head_hash" text,
	"breaks" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "xact" bigint;--> statement-breakpoint
ALTER TABLE "audit_verifications" ADD CONSTRAINT "audit_verifications_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_log_xact" ON "audit_log" USING btree ("xact");--> statement-breakpoint
DROP INDEX "audit_period_unit";--> statement-breakpoint
CREATE INDEX "audit_period_unit_id" ON "audit_log" USING btree ("period_id","unit_id","id");--> statement-breakpoint
-- The audit chain (decision 007). A row's content, as hashed: each field as its byte length,
-- a colon and its text ("-" for null), joined by "|"; the time in microseconds since 1970.
-- `tdkt audit verify` (src/server/audit/verify.ts) recomputes it on its own from the same fields.
CREATE FUNCTION audit_row_digest(prev text, r audit_log) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev || '|' || array_to_string(ARRAY(
    SELECT CASE WHEN f IS NULL THEN '-' ELSE octet_length(f)::text || ':' || f END
    FROM unnest(ARRAY[
      r.seq::text,
      ((extract(epoch FROM r.at) * 1000000)::bigint)::text,
      r.actor_id::text, r.action, r.entity, r.entity_id,
      r.period_id::text, r.unit_id::text,
      r.old_value::text, r.new_value::text, r.reason
    ]) WITH ORDINALITY AS t(f, n) ORDER BY n), '|'), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Rows already written join the chain in the order they were written.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
--> statement-breakpoint
DO $$
DECLARE
  r audit_log;
  prev text := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    n := n + 1;
    r.seq := n;
    UPDATE audit_log SET seq = n, prev_hash = prev, hash = audit_row_digest(prev, r), xact = 0
      WHERE id = r.id;
    prev := audit_row_digest(prev, r);
  END LOOP;
END $$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
--> statement-breakpoint
ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL;
--> statement-breakpoint
ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL;
--> statement-breakpoint
ALTER TABLE audit_log ALTER COLUMN hash SET NOT NULL;
--> statement-breakpoint
ALTER TABLE audit_log ALTER COLUMN xact SET NOT NULL;
--> statement-breakpoint
-- Each new row takes the next place: one writer at a time, from its first audit row to its
-- commit (a transaction-level advisory lock), so the chain has no fork and no gap. A row that
-- arrives with its place from the tables' owner (a restore) keeps it; the verification checks it like any other.
CREATE FUNCTION audit_log_chain() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  last record;
BEGIN
  IF NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL AND pg_has_role(
    current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(4711007);
  SELECT a.seq, a.hash INTO last FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
  NEW.seq := coalesce(last.seq, 0) + 1;
  NEW.prev_hash := coalesce(last.hash, repeat('0', 64));
  NEW.xact := pg_current_xact_id()::text::bigint;
  NEW.hash := audit_row_digest(NEW.prev_hash, NEW);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
-- Every append-only table refuses UPDATE, DELETE and TRUNCATE.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'Bảng % chỉ được ghi thêm, không được sửa hoặc xóa (append-only)', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER sheet_transitions_no_truncate BEFORE TRUNCATE ON sheet_transitions
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_verifications_no_update BEFORE UPDATE OR DELETE ON audit_verifications
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_verifications_no_truncate BEFORE TRUNCATE ON audit_verifications
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ballot_voters_no_update BEFORE UPDATE OR DELETE ON ballot_voters
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ballot_voters_no_truncate BEFORE TRUNCATE ON ballot_voters
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER proposals_no_update BEFORE UPDATE OR DELETE ON proposals
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER proposals_no_truncate BEFORE TRUNCATE ON proposals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
-- A score, a unit's flags, a decision or a ballot changes only with its audit row, written in
-- the same transaction and saying what the record now holds (checked at commit). Only the
-- owner of the tables may write without one, and only by saying so (a restore:
-- SET LOCAL tdkt.unaudited = 'on').
CREATE FUNCTION audited_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  entity_name text := TG_ARGV[0];
  key text;
  period integer;
  unit integer;
  criterion text;
  score_stage text;
  audited audit_log;
  current_value jsonb;
  present boolean;
BEGIN
  IF current_setting('tdkt.unaudited', true) = 'on' AND pg_has_role(
    current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'scores' THEN
    IF TG_OP = 'DELETE' THEN
      period := OLD.period_id; unit := OLD.unit_id; criterion := OLD.criterion_id; score_stage := OLD.stage;
    ELSE
      period := NEW.period_id; unit := NEW.unit_id; criterion := NEW.criterion_id; score_stage := NEW.stage;
    END IF;
    key := unit || '/' || criterion || '/' || score_stage;
    SELECT s.value, true INTO current_value, present FROM scores s
      WHERE s.period_id = period AND s.unit_id = unit AND s.criterion_id = criterion
        AND s.stage = score_stage;
  ELSIF TG_TABLE_NAME = 'period_units' THEN
    period := NEW.period_id;
    key := NEW.period_id || '/' || NEW.unit_id;
    SELECT p.flags, true INTO current_value, present FROM period_units p
      WHERE p.period_id = NEW.period_id AND p.unit_id = NEW.unit_id;
  ELSE
    key := NEW.id::text;
  END IF;
  SELECT * INTO audited FROM audit_log a
    WHERE a.xact = pg_current_xact_id()::text::bigint AND a.entity = entity_name
      AND a.entity_id = key
      AND (period IS NULL OR a.period_id = period)
      AND (TG_TABLE_NAME <> 'period_units' OR a.new_value ? 'flags')
    ORDER BY a.seq DESC LIMIT 1;
  IF audited.seq IS NULL THEN
    RAISE EXCEPTION 'Thay đổi bảng % (%) không có dòng nhật ký đi kèm', TG_TABLE_NAME, key
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_TABLE_NAME = 'scores' AND (CASE WHEN present THEN
      audited.new_value IS NULL OR jsonb_typeof(audited.new_value) = 'null'
      OR audited.new_value -> 'value' IS DISTINCT FROM current_value
    ELSE audited.new_value IS NOT NULL AND jsonb_typeof(audited.new_value) <> 'null' END)
  OR TG_TABLE_NAME = 'period_units' AND present
    AND audited.new_value -> 'flags' IS DISTINCT FROM current_value THEN
    RAISE EXCEPTION 'Giá trị trong bảng % (%) khác dòng nhật ký đi kèm', TG_TABLE_NAME, key
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER scores_audited AFTER INSERT OR UPDATE OR DELETE ON scores
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audited_change('score');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER period_units_flags_audited AFTER UPDATE ON period_units
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.flags IS DISTINCT FROM NEW.flags) EXECUTE FUNCTION audited_change('period_unit');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER period_units_flags_audited_insert AFTER INSERT ON period_units
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.flags <> '[]'::jsonb) EXECUTE FUNCTION audited_change('period_unit');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER decisions_audited AFTER INSERT OR UPDATE ON decisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audited_change('decision');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ballots_audited AFTER INSERT OR UPDATE ON ballots
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audited_change('ballot');
