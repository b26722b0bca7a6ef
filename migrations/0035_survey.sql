CREATE TABLE "survey_answers" (
	"response_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"score" smallint NOT NULL,
	"comment" text,
	CONSTRAINT "survey_answers_response_id_statement_id_pk" PRIMARY KEY("response_id","statement_id"),
	CONSTRAINT "survey_answers_score" CHECK ("survey_answers"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"round_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"answered" boolean DEFAULT false NOT NULL,
	CONSTRAINT "survey_invitations_round_id_person_id_pk" PRIMARY KEY("round_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"round_id" uuid NOT NULL,
	"stakeholder_group" text NOT NULL,
	"circle_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_rounds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"circle_id" uuid NOT NULL,
	"title" text NOT NULL,
	"logbook_entry_id" uuid NOT NULL,
	"effect_id" uuid NOT NULL,
	"set_id" uuid NOT NULL,
	"audience_circle_id" uuid,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"agenda_meeting_id" uuid,
	"opened_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_statement_sets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"circle_id" uuid,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"based_on" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_statements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"set_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"stakeholder_group" text NOT NULL,
	"domain" text NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_response_id_survey_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."survey_responses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_statement_id_survey_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."survey_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_round_id_survey_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."survey_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_round_id_survey_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."survey_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_logbook_entry_id_logbook_entries_id_fk" FOREIGN KEY ("logbook_entry_id") REFERENCES "public"."logbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_set_id_survey_statement_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."survey_statement_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_audience_circle_id_circles_id_fk" FOREIGN KEY ("audience_circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_agenda_meeting_id_circle_meetings_id_fk" FOREIGN KEY ("agenda_meeting_id") REFERENCES "public"."circle_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_opened_by_people_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_statement_sets" ADD CONSTRAINT "survey_statement_sets_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_statement_sets" ADD CONSTRAINT "survey_statement_sets_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_statements" ADD CONSTRAINT "survey_statements_set_id_survey_statement_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."survey_statement_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_invitations_person_idx" ON "survey_invitations" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "survey_responses_round_idx" ON "survey_responses" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "survey_rounds_circle_idx" ON "survey_rounds" USING btree ("circle_id","closes_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_rounds_effect_uq" ON "survey_rounds" USING btree ("effect_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_sets_version_uq" ON "survey_statement_sets" USING btree (coalesce("circle_id", '00000000-0000-0000-0000-000000000000'::uuid),"name","version");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_statements_position_uq" ON "survey_statements" USING btree ("set_id","position");