CREATE TABLE "call_out_interests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_out_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_outs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"text" text NOT NULL,
	"postcode" text NOT NULL,
	"district" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"skills_wanted" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text NOT NULL,
	"drafted_by" uuid NOT NULL,
	"consented_by" uuid,
	"consented_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "giving_profiles" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"about_me" text NOT NULL,
	"postcode" text NOT NULL,
	"district" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"travel_miles" integer NOT NULL,
	"driver" boolean NOT NULL,
	"gives_as" text NOT NULL,
	"support_offered" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hourly_rate_pence" integer,
	"experience" text NOT NULL,
	"expertise" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"qualifications" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"languages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"open_to_new_teams" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shortlist_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"state" text NOT NULL,
	"note" text NOT NULL,
	"added_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_out_interests" ADD CONSTRAINT "call_out_interests_call_out_id_call_outs_id_fk" FOREIGN KEY ("call_out_id") REFERENCES "public"."call_outs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_out_interests" ADD CONSTRAINT "call_out_interests_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_outs" ADD CONSTRAINT "call_outs_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_outs" ADD CONSTRAINT "call_outs_drafted_by_people_id_fk" FOREIGN KEY ("drafted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_outs" ADD CONSTRAINT "call_outs_consented_by_people_id_fk" FOREIGN KEY ("consented_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giving_profiles" ADD CONSTRAINT "giving_profiles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_entries" ADD CONSTRAINT "shortlist_entries_team_id_circles_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_entries" ADD CONSTRAINT "shortlist_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_entries" ADD CONSTRAINT "shortlist_entries_added_by_people_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_out_interests_uq" ON "call_out_interests" USING btree ("call_out_id","person_id");--> statement-breakpoint
CREATE INDEX "call_outs_team_idx" ON "call_outs" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "call_outs_open_idx" ON "call_outs" USING btree ("state","lat","lng");--> statement-breakpoint
CREATE INDEX "giving_profiles_place_idx" ON "giving_profiles" USING btree ("lat","lng");--> statement-breakpoint
CREATE INDEX "shortlist_entries_team_idx" ON "shortlist_entries" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "shortlist_entries_person_idx" ON "shortlist_entries" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shortlist_entries_current_uq" ON "shortlist_entries" USING btree ("team_id","person_id") WHERE state <> 'removed';