CREATE TABLE "selection_nominations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"selection_id" uuid NOT NULL,
	"nominator_id" uuid NOT NULL,
	"nominee_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"changed_from" uuid,
	"change_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selection_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"selection_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"response" text NOT NULL,
	"concern" text,
	"reason" text,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"circle_id" uuid NOT NULL,
	"hat_id" uuid NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"state" text DEFAULT 'nominating' NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"candidate_id" uuid,
	"term_start" date,
	"logbook_entry_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "selection_nominations" ADD CONSTRAINT "selection_nominations_selection_id_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."selections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_nominations" ADD CONSTRAINT "selection_nominations_nominator_id_people_id_fk" FOREIGN KEY ("nominator_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_nominations" ADD CONSTRAINT "selection_nominations_nominee_id_people_id_fk" FOREIGN KEY ("nominee_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_responses" ADD CONSTRAINT "selection_responses_selection_id_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."selections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_responses" ADD CONSTRAINT "selection_responses_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_responses" ADD CONSTRAINT "selection_responses_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_hat_id_hat_definitions_id_fk" FOREIGN KEY ("hat_id") REFERENCES "public"."hat_definitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_facilitator_id_people_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_candidate_id_people_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_logbook_entry_id_logbook_entries_id_fk" FOREIGN KEY ("logbook_entry_id") REFERENCES "public"."logbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "selection_nominations_unique" ON "selection_nominations" USING btree ("selection_id","nominator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "selection_responses_unique" ON "selection_responses" USING btree ("selection_id","round","person_id");--> statement-breakpoint
CREATE INDEX "selections_circle_idx" ON "selections" USING btree ("circle_id");