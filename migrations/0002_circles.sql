CREATE TABLE "circle_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"circle_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"participation" text DEFAULT 'full' NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "circles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'circle' NOT NULL,
	"aim" text NOT NULL,
	"domain" text NOT NULL,
	"parent_id" uuid,
	"owner_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hat_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hat_id" uuid NOT NULL,
	"circle_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"review_date" date NOT NULL,
	"chosen_by" text NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hat_definitions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"circle_id" uuid NOT NULL,
	"role" text,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"purpose" text NOT NULL,
	"responsibilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"term_months" integer NOT NULL,
	"review_months" integer NOT NULL,
	"requires_checks" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "circle_members" ADD CONSTRAINT "circle_members_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_members" ADD CONSTRAINT "circle_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circles" ADD CONSTRAINT "circles_parent_id_circles_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circles" ADD CONSTRAINT "circles_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hat_assignments" ADD CONSTRAINT "hat_assignments_hat_id_hat_definitions_id_fk" FOREIGN KEY ("hat_id") REFERENCES "public"."hat_definitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hat_assignments" ADD CONSTRAINT "hat_assignments_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hat_assignments" ADD CONSTRAINT "hat_assignments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hat_definitions" ADD CONSTRAINT "hat_definitions_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circle_members_circle_idx" ON "circle_members" USING btree ("circle_id");--> statement-breakpoint
CREATE INDEX "circle_members_person_idx" ON "circle_members" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "circles_parent_idx" ON "circles" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "hat_assignments_person_idx" ON "hat_assignments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "hat_assignments_circle_idx" ON "hat_assignments" USING btree ("circle_id");--> statement-breakpoint
CREATE INDEX "hat_definitions_circle_idx" ON "hat_definitions" USING btree ("circle_id");