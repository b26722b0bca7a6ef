CREATE TABLE "logbook_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"circle_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"author_id" uuid,
	"source_type" text,
	"source_id" uuid,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"confidential" boolean DEFAULT false NOT NULL,
	"adopted_at" timestamp with time zone NOT NULL,
	"review_date" date,
	"state" text DEFAULT 'in_force' NOT NULL,
	"superseded_by" uuid
);
--> statement-breakpoint
ALTER TABLE "logbook_entries" ADD CONSTRAINT "logbook_entries_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logbook_entries" ADD CONSTRAINT "logbook_entries_author_id_people_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "logbook_circle_idx" ON "logbook_entries" USING btree ("circle_id","adopted_at");--> statement-breakpoint
CREATE INDEX "logbook_review_idx" ON "logbook_entries" USING btree ("review_date");