CREATE TABLE "credit_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid,
	"circle_id" uuid,
	"name" text NOT NULL,
	"allow_negative" boolean DEFAULT false NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"auto_donate_to" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_accounts_negative_only_issuance" CHECK ("credit_accounts"."allow_negative" = ("credit_accounts"."kind" = 'issuance')),
	CONSTRAINT "credit_accounts_not_below_zero" CHECK ("credit_accounts"."allow_negative" OR "credit_accounts"."balance" >= 0),
	CONSTRAINT "credit_accounts_owner" CHECK (("credit_accounts"."kind" = 'person') = ("credit_accounts"."person_id" IS NOT NULL) AND ("credit_accounts"."kind" = 'pool') = ("credit_accounts"."circle_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "credit_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"transfer_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"balance_before" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_entries_adds_up" CHECK ("credit_entries"."balance_after" = "credit_entries"."balance_before" + "credit_entries"."amount" AND "credit_entries"."amount" <> 0 AND "credit_entries"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "credit_transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"kind" text NOT NULL,
	"from_account" uuid NOT NULL,
	"to_account" uuid NOT NULL,
	"amount" integer NOT NULL,
	"message" text,
	"activity" text,
	"reference_type" text,
	"reference_id" text,
	"reverses_transfer_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_transfers_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "credit_transfers_reverses_transfer_id_unique" UNIQUE("reverses_transfer_id"),
	CONSTRAINT "credit_transfers_amount_positive" CHECK ("credit_transfers"."amount" > 0),
	CONSTRAINT "credit_transfers_two_accounts" CHECK ("credit_transfers"."from_account" <> "credit_transfers"."to_account"),
	CONSTRAINT "credit_transfers_reverse_link" CHECK (("credit_transfers"."kind" = 'reverse') = ("credit_transfers"."reverses_transfer_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "pool_allowances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pool_account_id" uuid NOT NULL,
	"logbook_entry_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"per_payment_limit" integer NOT NULL,
	"total_limit" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pool_allowances_limits" CHECK ("pool_allowances"."per_payment_limit" > 0 AND "pool_allowances"."total_limit" >= "pool_allowances"."per_payment_limit")
);
--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_auto_donate_to_credit_accounts_id_fk" FOREIGN KEY ("auto_donate_to") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_transfer_id_credit_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."credit_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transfers" ADD CONSTRAINT "credit_transfers_from_account_credit_accounts_id_fk" FOREIGN KEY ("from_account") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transfers" ADD CONSTRAINT "credit_transfers_to_account_credit_accounts_id_fk" FOREIGN KEY ("to_account") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transfers" ADD CONSTRAINT "credit_transfers_reverses_transfer_id_credit_transfers_id_fk" FOREIGN KEY ("reverses_transfer_id") REFERENCES "public"."credit_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_allowances" ADD CONSTRAINT "pool_allowances_pool_account_id_credit_accounts_id_fk" FOREIGN KEY ("pool_account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_allowances" ADD CONSTRAINT "pool_allowances_logbook_entry_id_logbook_entries_id_fk" FOREIGN KEY ("logbook_entry_id") REFERENCES "public"."logbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_person_idx" ON "credit_accounts" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_pool_name_idx" ON "credit_accounts" USING btree ("circle_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_one_issuance_idx" ON "credit_accounts" USING btree ("kind") WHERE kind = 'issuance';--> statement-breakpoint
CREATE UNIQUE INDEX "credit_entries_account_version_idx" ON "credit_entries" USING btree ("account_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_entries_transfer_account_idx" ON "credit_entries" USING btree ("transfer_id","account_id");--> statement-breakpoint
CREATE INDEX "credit_entries_statement_idx" ON "credit_entries" USING btree ("account_id","created_at","version");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_transfers_earn_once_idx" ON "credit_transfers" USING btree ("reference_type","reference_id") WHERE kind = 'earn';--> statement-breakpoint
CREATE INDEX "credit_transfers_month_idx" ON "credit_transfers" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "credit_transfers_reference_idx" ON "credit_transfers" USING btree ("reference_type","reference_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pool_allowances_pool_entry_idx" ON "pool_allowances" USING btree ("pool_account_id","logbook_entry_id");