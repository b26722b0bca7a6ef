-- TRUNCATE skips row triggers, so the append-only tables (rows never changed or removed) and
-- the kept tables (rows never removed) also refuse it with a statement trigger. It fires for
-- tables reached by TRUNCATE ... CASCADE too. refuse_change() is the function of 0001.
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_transfers_no_truncate BEFORE TRUNCATE ON credit_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_entries_no_truncate BEFORE TRUNCATE ON credit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER pool_allowances_no_truncate BEFORE TRUNCATE ON pool_allowances
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_accounts_no_truncate BEFORE TRUNCATE ON credit_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER care_log_versions_no_truncate BEFORE TRUNCATE ON care_log_versions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER care_note_versions_no_truncate BEFORE TRUNCATE ON care_note_versions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER care_logs_no_truncate BEFORE TRUNCATE ON care_logs
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER care_notes_no_truncate BEFORE TRUNCATE ON care_notes
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
