ALTER TABLE "selection_responses" ADD COLUMN "meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "selection_responses" ADD COLUMN "disputed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "selections" ADD COLUMN "meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "circle_meetings" ADD COLUMN "facilitator_id" uuid;--> statement-breakpoint
ALTER TABLE "circle_meetings" ADD COLUMN "opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "consent_responses" ADD COLUMN "meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "consent_responses" ADD COLUMN "disputed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "circle_meetings" ADD CONSTRAINT "circle_meetings_facilitator_id_people_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;