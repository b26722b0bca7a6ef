CREATE TABLE "circle_meeting_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"reference" uuid,
	"confidential" boolean DEFAULT false NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "circle_meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"circle_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"scheduled_by" uuid NOT NULL,
	"attendance" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"minutes" text,
	"approved_by" uuid,
	"logbook_entry_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "circle_meeting_items" ADD CONSTRAINT "circle_meeting_items_meeting_id_circle_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."circle_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_meetings" ADD CONSTRAINT "circle_meetings_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_meetings" ADD CONSTRAINT "circle_meetings_scheduled_by_people_id_fk" FOREIGN KEY ("scheduled_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_meetings" ADD CONSTRAINT "circle_meetings_approved_by_people_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_meetings" ADD CONSTRAINT "circle_meetings_logbook_entry_id_logbook_entries_id_fk" FOREIGN KEY ("logbook_entry_id") REFERENCES "public"."logbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circle_meeting_items_idx" ON "circle_meeting_items" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "circle_meetings_circle_idx" ON "circle_meetings" USING btree ("circle_id","starts_at");