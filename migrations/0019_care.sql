CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "calendar_feeds_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "care_expenses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"care_log_id" uuid,
	"incurred_on" date NOT NULL,
	"amount_pence" integer NOT NULL,
	"description" text NOT NULL,
	"receipt" "bytea",
	"receipt_type" text,
	"receipt_name" text,
	"state" text NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "care_expenses_positive" CHECK ("care_expenses"."amount_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "care_log_versions" (
	"team_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"log_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"content" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "care_log_versions_team_id_seq_pk" PRIMARY KEY("team_id","seq")
);
--> statement-breakpoint
CREATE TABLE "care_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"visit_id" uuid,
	"supporter_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"activity" text DEFAULT '' NOT NULL,
	"state" text NOT NULL,
	"corrects_id" uuid,
	"supporter_confirmed_at" timestamp with time zone,
	"owner_confirmed_at" timestamp with time zone,
	"owner_confirmed_by" uuid,
	"adjusted_by" uuid,
	"adjust_reason" text,
	"disputed_by" uuid,
	"dispute_reason" text,
	"resolved_by" uuid,
	"resolution" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "care_logs_minutes" CHECK ("care_logs"."minutes" > 0 AND "care_logs"."ends_at" > "care_logs"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "care_note_versions" (
	"note_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"text" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "care_note_versions_note_id_version_pk" PRIMARY KEY("note_id","version")
);
--> statement-breakpoint
CREATE TABLE "care_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"readership" text NOT NULL,
	"chosen" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"latest_version" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_rates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"rate_pence" integer NOT NULL,
	"payer_kind" text NOT NULL,
	"payer_name" text NOT NULL,
	"expenses_agreement" text DEFAULT '' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"agreed_by" uuid,
	"agreed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "care_rates_positive" CHECK ("care_rates"."rate_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "care_settings" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"auto_confirm_days" integer,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "medication_doses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"medicine_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone,
	"flagged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "medicines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"name" text NOT NULL,
	"dose" text NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"times" jsonb NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"stopped_by" uuid
);
--> statement-breakpoint
CREATE TABLE "visit_series" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"first_starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"kind" text NOT NULL,
	"place" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"written_until" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_supporters" (
	"visit_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "visit_supporters_visit_id_person_id_pk" PRIMARY KEY("visit_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"series_id" uuid,
	"original_starts_at" timestamp with time zone,
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"state" text NOT NULL,
	"cancel_reason" text,
	"rearrange_reason" text,
	"reminded_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "visits_ends_after_start" CHECK ("visits"."ends_at" > "visits"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_expenses" ADD CONSTRAINT "care_expenses_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_expenses" ADD CONSTRAINT "care_expenses_worker_id_people_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_expenses" ADD CONSTRAINT "care_expenses_care_log_id_care_logs_id_fk" FOREIGN KEY ("care_log_id") REFERENCES "public"."care_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_expenses" ADD CONSTRAINT "care_expenses_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_log_versions" ADD CONSTRAINT "care_log_versions_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_log_versions" ADD CONSTRAINT "care_log_versions_log_id_care_logs_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."care_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_logs" ADD CONSTRAINT "care_logs_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_logs" ADD CONSTRAINT "care_logs_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_logs" ADD CONSTRAINT "care_logs_supporter_id_people_id_fk" FOREIGN KEY ("supporter_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_logs" ADD CONSTRAINT "care_logs_corrects_id_care_logs_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."care_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_logs" ADD CONSTRAINT "care_logs_owner_confirmed_by_people_id_fk" FOREIGN KEY ("owner_confirmed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_logs" ADD CONSTRAINT "care_logs_adjusted_by_people_id_fk" FOREIGN KEY ("adjusted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_logs" ADD CONSTRAINT "care_logs_disputed_by_people_id_fk" FOREIGN KEY ("disputed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_logs" ADD CONSTRAINT "care_logs_resolved_by_people_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_logs" ADD CONSTRAINT "care_logs_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_note_versions" ADD CONSTRAINT "care_note_versions_note_id_care_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."care_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_note_versions" ADD CONSTRAINT "care_note_versions_author_id_people_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_notes" ADD CONSTRAINT "care_notes_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_notes" ADD CONSTRAINT "care_notes_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_rates" ADD CONSTRAINT "care_rates_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_rates" ADD CONSTRAINT "care_rates_worker_id_people_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_rates" ADD CONSTRAINT "care_rates_proposed_by_people_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_rates" ADD CONSTRAINT "care_rates_agreed_by_people_id_fk" FOREIGN KEY ("agreed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_settings" ADD CONSTRAINT "care_settings_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_settings" ADD CONSTRAINT "care_settings_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_doses" ADD CONSTRAINT "medication_doses_medicine_id_medicines_id_fk" FOREIGN KEY ("medicine_id") REFERENCES "public"."medicines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_doses" ADD CONSTRAINT "medication_doses_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_doses" ADD CONSTRAINT "medication_doses_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medicines" ADD CONSTRAINT "medicines_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medicines" ADD CONSTRAINT "medicines_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medicines" ADD CONSTRAINT "medicines_stopped_by_people_id_fk" FOREIGN KEY ("stopped_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_series" ADD CONSTRAINT "visit_series_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_series" ADD CONSTRAINT "visit_series_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_supporters" ADD CONSTRAINT "visit_supporters_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_supporters" ADD CONSTRAINT "visit_supporters_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_series_id_visit_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."visit_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_one_live_uq" ON "calendar_feeds" USING btree ("person_id") WHERE revoked_at IS NULL;--> statement-breakpoint
CREATE INDEX "care_expenses_team_incurred_idx" ON "care_expenses" USING btree ("team_id","incurred_on");--> statement-breakpoint
CREATE INDEX "care_log_versions_log_idx" ON "care_log_versions" USING btree ("log_id");--> statement-breakpoint
CREATE INDEX "care_logs_team_starts_idx" ON "care_logs" USING btree ("team_id","starts_at");--> statement-breakpoint
CREATE INDEX "care_logs_supporter_starts_idx" ON "care_logs" USING btree ("supporter_id","starts_at");--> statement-breakpoint
CREATE INDEX "care_logs_pending_idx" ON "care_logs" USING btree ("created_at") WHERE state IN ('pending', 'adjusted');--> statement-breakpoint
CREATE UNIQUE INDEX "care_logs_visit_supporter_uq" ON "care_logs" USING btree ("visit_id","supporter_id") WHERE corrects_id IS NULL AND visit_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "care_notes_team_updated_idx" ON "care_notes" USING btree ("team_id","updated_at");--> statement-breakpoint
CREATE INDEX "care_rates_team_worker_idx" ON "care_rates" USING btree ("team_id","worker_id","agreed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "medication_doses_due_uq" ON "medication_doses" USING btree ("medicine_id","due_at");--> statement-breakpoint
CREATE INDEX "medication_doses_team_due_idx" ON "medication_doses" USING btree ("team_id","due_at");--> statement-breakpoint
CREATE INDEX "medicines_team_idx" ON "medicines" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "visit_series_team_idx" ON "visit_series" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "visit_supporters_person_idx" ON "visit_supporters" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "visits_team_starts_idx" ON "visits" USING btree ("team_id","starts_at");--> statement-breakpoint
CREATE INDEX "visits_due_reminder_idx" ON "visits" USING btree ("starts_at") WHERE state = 'booked' AND reminded_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "visits_occurrence_uq" ON "visits" USING btree ("series_id","original_starts_at");--> statement-breakpoint
CREATE INDEX "access_log_record_idx" ON "access_log" USING btree ("record_type","record_id","seq");