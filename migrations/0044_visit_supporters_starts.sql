-- Issue 20, ADR 0032: "my visits" reads a person's next visits from one index range on who is
-- coming (person, start), not every booked visit of every team they are in. The start is copied
-- from the visit: set on every insert and kept in step when a visit moves, by the database, so
-- no path (a page, the API, a job, a restore, a bulk load) can leave it stale.
ALTER TABLE "visit_supporters" ADD COLUMN "starts_at" timestamp with time zone;--> statement-breakpoint
UPDATE "visit_supporters" s SET "starts_at" = v."starts_at" FROM "visits" v WHERE v."id" = s."visit_id";--> statement-breakpoint
ALTER TABLE "visit_supporters" ALTER COLUMN "starts_at" SET NOT NULL;--> statement-breakpoint
CREATE FUNCTION visit_supporters_take_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT v.starts_at INTO NEW.starts_at FROM visits v WHERE v.id = NEW.visit_id;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER visit_supporters_take_start BEFORE INSERT OR UPDATE OF visit_id, starts_at ON "visit_supporters"
  FOR EACH ROW EXECUTE FUNCTION visit_supporters_take_start();--> statement-breakpoint
CREATE FUNCTION visits_move_supporters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE visit_supporters SET starts_at = NEW.starts_at WHERE visit_id = NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER visits_move_supporters AFTER UPDATE OF starts_at ON "visits"
  FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at) EXECUTE FUNCTION visits_move_supporters();--> statement-breakpoint
DROP INDEX "visit_supporters_person_idx";--> statement-breakpoint
CREATE INDEX "visit_supporters_person_starts_idx" ON "visit_supporters" USING btree ("person_id","starts_at","visit_id");--> statement-breakpoint
-- MAX_VISIT_HOURS (src/modules/care/visits/input.ts), which every booking and move already
-- checks: a visit still to end began at most 12 hours ago, the lower bound "my visits" reads from.
ALTER TABLE "visits" ADD CONSTRAINT "visits_booked_at_most_12_hours" CHECK ("visits"."state" <> 'booked' OR "visits"."ends_at" <= "visits"."starts_at" + interval '12 hours');
--> statement-breakpoint
-- A person's own teams without reading every circle.
CREATE INDEX "circles_owner_idx" ON "circles" USING btree ("owner_id") WHERE owner_id IS NOT NULL;
