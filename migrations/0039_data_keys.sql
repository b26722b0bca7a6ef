CREATE TABLE "data_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"version" integer NOT NULL,
	"wrapped" text NOT NULL,
	"master_key_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "data_keys_scope_version_uq" ON "data_keys" USING btree ("scope","version");--> statement-breakpoint
CREATE INDEX "data_keys_master_idx" ON "data_keys" USING btree ("master_key_id");