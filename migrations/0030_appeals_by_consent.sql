CREATE TABLE "appeal_answers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"appeal_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"person_id" uuid NOT NULL,
	"answer" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "proposed_step" text;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "proposed_note" text;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "proposed_by" uuid;--> statement-breakpoint
ALTER TABLE "appeal_answers" ADD CONSTRAINT "appeal_answers_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_answers" ADD CONSTRAINT "appeal_answers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_answers_unique" ON "appeal_answers" USING btree ("appeal_id","stage","person_id");--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_proposed_by_people_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;