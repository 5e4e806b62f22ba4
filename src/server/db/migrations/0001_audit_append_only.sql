-- The audit log is append-only: the database refuses to change or remove a row.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'Nhật ký thay đổi chỉ được ghi thêm, không được sửa hoặc xóa (audit_log is append-only)';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
-- The workflow history is append-only too.
CREATE TRIGGER sheet_transitions_no_update BEFORE UPDATE OR DELETE ON sheet_transitions
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
