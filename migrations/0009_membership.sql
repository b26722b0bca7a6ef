CREATE TABLE "general_meeting_attendance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coop_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb DEFAULT 'null'::jsonb NOT NULL,
	"decision_entry_id" uuid,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "general_meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"agenda" text DEFAULT '' NOT NULL,
	"notice_sent_at" timestamp with time zone,
	"minutes" text,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "membership_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"membership_id" uuid NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"reason" text,
	"by_person_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"member_class" text NOT NULL,
	"state" text DEFAULT 'applied' NOT NULL,
	"acting_for" text,
	"worker_kind" text,
	"commitment_accepted_at" timestamp with time zone,
	"eligibility_checked_at" timestamp with time zone,
	"admission_proposal_id" uuid,
	"applied_at" timestamp with time zone NOT NULL,
	"admitted_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "general_meeting_proxies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"grantor_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resolutions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"kind" text NOT NULL,
	"secret" boolean DEFAULT true NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"proposal_id" uuid,
	"tally" jsonb,
	"passed" boolean,
	"logbook_entry_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "share_movements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_pence" bigint NOT NULL,
	"request_id" uuid,
	"by_person_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resolution_votes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resolution_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"cast_by" uuid NOT NULL,
	"how" text NOT NULL,
	"choice" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "general_meeting_attendance" ADD CONSTRAINT "general_meeting_attendance_meeting_id_general_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."general_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "general_meeting_attendance" ADD CONSTRAINT "general_meeting_attendance_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coop_settings" ADD CONSTRAINT "coop_settings_decision_entry_id_logbook_entries_id_fk" FOREIGN KEY ("decision_entry_id") REFERENCES "public"."logbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_changes" ADD CONSTRAINT "membership_changes_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_admission_proposal_id_proposals_id_fk" FOREIGN KEY ("admission_proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "general_meeting_proxies" ADD CONSTRAINT "general_meeting_proxies_meeting_id_general_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."general_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "general_meeting_proxies" ADD CONSTRAINT "general_meeting_proxies_grantor_id_people_id_fk" FOREIGN KEY ("grantor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "general_meeting_proxies" ADD CONSTRAINT "general_meeting_proxies_holder_id_people_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_meeting_id_general_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."general_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_logbook_entry_id_logbook_entries_id_fk" FOREIGN KEY ("logbook_entry_id") REFERENCES "public"."logbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_movements" ADD CONSTRAINT "share_movements_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_votes" ADD CONSTRAINT "resolution_votes_resolution_id_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_votes" ADD CONSTRAINT "resolution_votes_member_id_people_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_votes" ADD CONSTRAINT "resolution_votes_cast_by_people_id_fk" FOREIGN KEY ("cast_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gm_attendance_unique" ON "general_meeting_attendance" USING btree ("meeting_id","person_id");--> statement-breakpoint
CREATE INDEX "membership_changes_idx" ON "membership_changes" USING btree ("membership_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_person_class" ON "memberships" USING btree ("person_id","member_class");--> statement-breakpoint
CREATE INDEX "memberships_state_idx" ON "memberships" USING btree ("state");--> statement-breakpoint
CREATE UNIQUE INDEX "gm_proxies_grantor" ON "general_meeting_proxies" USING btree ("meeting_id","grantor_id");--> statement-breakpoint
CREATE INDEX "gm_proxies_holder" ON "general_meeting_proxies" USING btree ("meeting_id","holder_id");--> statement-breakpoint
CREATE INDEX "share_movements_person_idx" ON "share_movements" USING btree ("person_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "resolution_votes_unique" ON "resolution_votes" USING btree ("resolution_id","member_id");