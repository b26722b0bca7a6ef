CREATE TABLE "concern_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"concern_id" uuid NOT NULL,
	"step" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text NOT NULL,
	"by_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concern_viewers" (
	"concern_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "concern_viewers_concern_id_person_id_pk" PRIMARY KEY("concern_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "concerns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"raised_by" uuid NOT NULL,
	"about_person_id" uuid,
	"summary" text NOT NULL,
	"details" text NOT NULL,
	"safeguarding" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'understanding' NOT NULL,
	"outcome" text,
	"last_step_at" timestamp with time zone NOT NULL,
	"review_notified_for" date,
	"referral_date" date,
	"referral_reference" text,
	"referred_by" text,
	"referral_outcome" text,
	"not_referred_reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conflict_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conflict_id" uuid NOT NULL,
	"step" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"way" text,
	"note" text NOT NULL,
	"by_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"opened_by" uuid NOT NULL,
	"involved_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" text NOT NULL,
	"state" text DEFAULT 'step_1' NOT NULL,
	"way" text NOT NULL,
	"resolution" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "concern_steps" ADD CONSTRAINT "concern_steps_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_steps" ADD CONSTRAINT "concern_steps_by_id_people_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_viewers" ADD CONSTRAINT "concern_viewers_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_viewers" ADD CONSTRAINT "concern_viewers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_viewers" ADD CONSTRAINT "concern_viewers_added_by_people_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_raised_by_people_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_about_person_id_people_id_fk" FOREIGN KEY ("about_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_steps" ADD CONSTRAINT "conflict_steps_conflict_id_conflicts_id_fk" FOREIGN KEY ("conflict_id") REFERENCES "public"."conflicts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_steps" ADD CONSTRAINT "conflict_steps_by_id_people_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_opened_by_people_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concern_steps_concern_idx" ON "concern_steps" USING btree ("concern_id","at");--> statement-breakpoint
CREATE INDEX "concern_viewers_person_idx" ON "concern_viewers" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "concerns_team_idx" ON "concerns" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "concerns_review_idx" ON "concerns" USING btree ("state","last_step_at");--> statement-breakpoint
CREATE INDEX "conflict_steps_conflict_idx" ON "conflict_steps" USING btree ("conflict_id","at");--> statement-breakpoint
CREATE INDEX "conflicts_team_idx" ON "conflicts" USING btree ("team_id");