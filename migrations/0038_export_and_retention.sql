CREATE TABLE "anonymisations" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"name_erased_at" timestamp with time zone,
	"policy" text NOT NULL,
	"logbook_entry_id" uuid
);
--> statement-breakpoint
CREATE TABLE "care_disposals" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"support_ended_at" timestamp with time zone NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"policy" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_exports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"requested_by" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"state" text NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"archive" "bytea",
	"bytes" integer,
	"error" text,
	"requested_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "anonymisations" ADD CONSTRAINT "anonymisations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_requested_by_people_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_subject_id_people_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_exports_requester_idx" ON "data_exports" USING btree ("requested_by","requested_at");--> statement-breakpoint
CREATE INDEX "data_exports_expiry_idx" ON "data_exports" USING btree ("expires_at");--> statement-breakpoint
-- Retention (ADR 0025). The append-only tables still refuse every change, except what the
-- retention run does in its own transaction after SET LOCAL carecircles.redact = 'on': a
-- credit transfer's message set to NULL (nothing else of the row changes, so the ledger
-- verifier sees the same amounts and chains), and a team's care notes deleted once the
-- co-op's retention period has passed. Nothing else may change or remove these rows.
CREATE OR REPLACE FUNCTION credit_transfers_redact_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('carecircles.redact', true) = 'on'
     AND NEW.message IS NULL AND (to_jsonb(NEW) - 'message') = (to_jsonb(OLD) - 'message') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER credit_transfers_append_only ON credit_transfers;
--> statement-breakpoint
CREATE TRIGGER credit_transfers_append_only BEFORE UPDATE OR DELETE ON credit_transfers
  FOR EACH ROW EXECUTE FUNCTION credit_transfers_redact_only();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION care_notes_dispose_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('carecircles.redact', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER care_note_versions_append_only ON care_note_versions;
--> statement-breakpoint
CREATE TRIGGER care_note_versions_append_only BEFORE UPDATE OR DELETE ON care_note_versions
  FOR EACH ROW EXECUTE FUNCTION care_notes_dispose_only();
--> statement-breakpoint
DROP TRIGGER care_notes_kept ON care_notes;
--> statement-breakpoint
CREATE TRIGGER care_notes_kept BEFORE DELETE ON care_notes
  FOR EACH ROW EXECUTE FUNCTION care_notes_dispose_only();
