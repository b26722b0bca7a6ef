CREATE TABLE "mandate_effects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"proposal_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"position" integer NOT NULL,
	"circle_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"subject_id" text,
	"status" text DEFAULT 'proposed' NOT NULL,
	"logbook_entry_id" uuid,
	"result" jsonb,
	"applied_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mandate_effects_adopted_has_entry" CHECK (("mandate_effects"."status" = 'proposed') = ("mandate_effects"."logbook_entry_id" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "mandate_effects" ADD CONSTRAINT "mandate_effects_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandate_effects" ADD CONSTRAINT "mandate_effects_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandate_effects" ADD CONSTRAINT "mandate_effects_logbook_entry_id_logbook_entries_id_fk" FOREIGN KEY ("logbook_entry_id") REFERENCES "public"."logbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mandate_effects_version_idx" ON "mandate_effects" USING btree ("proposal_id","version","position");--> statement-breakpoint
CREATE INDEX "mandate_effects_entry_idx" ON "mandate_effects" USING btree ("logbook_entry_id") WHERE logbook_entry_id IS NOT NULL;