-- Care records are never rewritten: versions of logs and notes are append-only, logs and
-- notes are never deleted, and a confirmed or void care log never changes (a correction is a
-- new log linked to it). verify-audit still checks the hash chain, because a trigger can be
-- switched off by whoever owns the database.
CREATE TRIGGER care_log_versions_append_only BEFORE UPDATE OR DELETE ON care_log_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER care_note_versions_append_only BEFORE UPDATE OR DELETE ON care_note_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER care_logs_kept BEFORE DELETE ON care_logs
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER care_notes_kept BEFORE DELETE ON care_notes
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION care_log_final() RETURNS trigger AS $$
BEGIN
  IF OLD.state IN ('confirmed', 'void') THEN
    RAISE EXCEPTION 'care log % is %; a correction is a new linked log', OLD.id, OLD.state USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER care_logs_final BEFORE UPDATE ON care_logs
  FOR EACH ROW EXECUTE FUNCTION care_log_final();
