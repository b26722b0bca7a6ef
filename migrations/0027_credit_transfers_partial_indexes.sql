ALTER TABLE "credit_transfers" DROP CONSTRAINT "credit_transfers_reverses_transfer_id_unique";--> statement-breakpoint
DROP INDEX "credit_transfers_reference_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "credit_transfers_reverses_once_idx" ON "credit_transfers" USING btree ("reverses_transfer_id") WHERE reverses_transfer_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "credit_transfers_reference_idx" ON "credit_transfers" USING btree ("reference_type","reference_id") WHERE reference_id IS NOT NULL;