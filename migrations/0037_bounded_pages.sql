ALTER TABLE "circle_members" ADD COLUMN "person_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "circles" ADD COLUMN "member_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "circles" ADD COLUMN "circle_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "circles" ADD COLUMN "team_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "circle_members_keyset_idx" ON "circle_members" USING btree ("circle_id","person_name","person_id") WHERE left_at IS NULL;--> statement-breakpoint
CREATE INDEX "circles_level_idx" ON "circles" USING btree ("parent_id","kind","name","id");--> statement-breakpoint
CREATE INDEX "logbook_adopted_idx" ON "logbook_entries" USING btree ("adopted_at","id");--> statement-breakpoint
-- Kept counts and kept names (ADR 0022): a page shows a circle's members, circles and teams
-- without counting them, and pages its members in name order from one index range. Triggers
-- keep them in the same transaction as the change, whichever path makes it. A bulk load with
-- the triggers off (bench:data) or a restore (whose rows already carry counts) calls
-- circle_counts_refresh() once at the end.
CREATE FUNCTION circle_members_name() RETURNS trigger AS $$
BEGIN
  SELECT name INTO NEW.person_name FROM people WHERE id = NEW.person_id;
  RETURN NEW;
END $$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER circle_members_name BEFORE INSERT OR UPDATE OF person_id ON circle_members
  FOR EACH ROW EXECUTE FUNCTION circle_members_name();--> statement-breakpoint
CREATE FUNCTION people_name_to_circle_members() RETURNS trigger AS $$
BEGIN
  UPDATE circle_members SET person_name = NEW.name WHERE person_id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER people_name_to_circle_members AFTER UPDATE OF name ON people
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION people_name_to_circle_members();--> statement-breakpoint
CREATE FUNCTION circle_member_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.left_at IS NULL THEN
    UPDATE circles SET member_count = member_count - 1 WHERE id = OLD.circle_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.left_at IS NULL THEN
    UPDATE circles SET member_count = member_count + 1 WHERE id = NEW.circle_id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER circle_member_count AFTER INSERT OR DELETE OR UPDATE OF left_at, circle_id ON circle_members
  FOR EACH ROW EXECUTE FUNCTION circle_member_count();--> statement-breakpoint
CREATE FUNCTION circle_child_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.parent_id IS NOT NULL THEN
    UPDATE circles SET circle_count = circle_count - (OLD.kind = 'circle')::int, team_count = team_count - (OLD.kind = 'team')::int
      WHERE id = OLD.parent_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.parent_id IS NOT NULL THEN
    UPDATE circles SET circle_count = circle_count + (NEW.kind = 'circle')::int, team_count = team_count + (NEW.kind = 'team')::int
      WHERE id = NEW.parent_id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER circle_child_count AFTER INSERT OR DELETE OR UPDATE OF parent_id, kind ON circles
  FOR EACH ROW EXECUTE FUNCTION circle_child_count();--> statement-breakpoint
CREATE FUNCTION circle_counts_refresh() RETURNS void AS $$
  UPDATE circle_members m SET person_name = p.name FROM people p WHERE p.id = m.person_id AND m.person_name IS DISTINCT FROM p.name;
  UPDATE circles c SET
    member_count = (SELECT count(*) FROM circle_members m WHERE m.circle_id = c.id AND m.left_at IS NULL),
    circle_count = (SELECT count(*) FROM circles k WHERE k.parent_id = c.id AND k.kind = 'circle'),
    team_count = (SELECT count(*) FROM circles k WHERE k.parent_id = c.id AND k.kind = 'team');
$$ LANGUAGE sql;--> statement-breakpoint
SELECT circle_counts_refresh();
