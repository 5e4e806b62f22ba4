DROP INDEX "audit_log_xact";--> statement-breakpoint
CREATE INDEX "audit_log_xact" ON "audit_log" USING btree ("xact","entity","entity_id");