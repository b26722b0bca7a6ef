ALTER TABLE "survey_rounds" ADD COLUMN "min_group" smallint;--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD COLUMN "low_below" double precision;--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD COLUMN "high_from" double precision;--> statement-breakpoint
-- Rounds closed before the settings existed were read with the rules then fixed (ADR 0026): five, and the scale in thirds.
UPDATE "survey_rounds" SET "min_group" = 5, "low_below" = 7.0 / 3, "high_from" = 11.0 / 3 WHERE "state" = 'closed';
