CREATE TABLE "support_profiles" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"sections" jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_joins" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"route" text NOT NULL,
	"state" text NOT NULL,
	"supporter_kind" text NOT NULL,
	"message" text,
	"trial_sessions" integer,
	"started_by" uuid NOT NULL,
	"decided_by" uuid,
	"debrief" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_promises" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"accepted_by" uuid NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"circle_id" uuid PRIMARY KEY NOT NULL,
	"advocate_id" uuid,
	"self_managing_at" timestamp with time zone,
	"stepped_back_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support_profiles" ADD CONSTRAINT "support_profiles_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_profiles" ADD CONSTRAINT "support_profiles_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_joins" ADD CONSTRAINT "team_joins_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_joins" ADD CONSTRAINT "team_joins_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_joins" ADD CONSTRAINT "team_joins_started_by_people_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_joins" ADD CONSTRAINT "team_joins_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_promises" ADD CONSTRAINT "team_promises_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_promises" ADD CONSTRAINT "team_promises_accepted_by_people_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_advocate_id_people_id_fk" FOREIGN KEY ("advocate_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_stepped_back_by_people_id_fk" FOREIGN KEY ("stepped_back_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "team_joins_team_idx" ON "team_joins" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "team_joins_person_idx" ON "team_joins" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_joins_open_uq" ON "team_joins" USING btree ("team_id","person_id") WHERE state in ('invited', 'requested', 'trial');--> statement-breakpoint
CREATE INDEX "team_promises_team_idx" ON "team_promises" USING btree ("team_id");