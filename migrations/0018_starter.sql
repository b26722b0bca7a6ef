CREATE TABLE "starter_enquiries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"circle_id" uuid NOT NULL,
	"state" text DEFAULT 'first_contact' NOT NULL,
	"resume_state" text,
	"records" jsonb NOT NULL,
	"person_id" uuid,
	"team_id" uuid,
	"next_check_in" date NOT NULL,
	"check_in_reminded_for" date,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "starter_enquiries" ADD CONSTRAINT "starter_enquiries_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_enquiries" ADD CONSTRAINT "starter_enquiries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_enquiries" ADD CONSTRAINT "starter_enquiries_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_enquiries" ADD CONSTRAINT "starter_enquiries_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "starter_enquiries_circle_idx" ON "starter_enquiries" USING btree ("circle_id","state");--> statement-breakpoint
CREATE INDEX "starter_enquiries_person_idx" ON "starter_enquiries" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "starter_enquiries_team_idx" ON "starter_enquiries" USING btree ("team_id");