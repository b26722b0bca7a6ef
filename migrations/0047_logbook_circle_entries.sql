-- Issue 20: logbook search reads a person's own circles' entries first, then the rest newest
-- first until the page is full. The rest is the circles' entries (teams' logbooks are read only
-- by their people, and their teams are among their own circles), but most entries are teams':
-- at scale 1, to find 50 circles' entries holding a common word it read about 8,000 entries by
-- logbook_adopted_idx. Each entry now says whether it is a team's, set by the database from its
-- circle on every insert (whatever inserts it: a page, a job, a restore), so the circles'
-- entries have an index of their own. A circle's kind never changes.
ALTER TABLE "logbook_entries" ADD COLUMN "in_team" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE FUNCTION logbook_entries_take_in_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.in_team := coalesce((SELECT c.kind = 'team' FROM circles c WHERE c.id = NEW.circle_id), false);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER logbook_entries_take_in_team BEFORE INSERT OR UPDATE OF circle_id, in_team ON "logbook_entries"
  FOR EACH ROW EXECUTE FUNCTION logbook_entries_take_in_team();--> statement-breakpoint
-- For a load that ran with the triggers off (bench:data), as circle_counts_refresh() is.
CREATE FUNCTION logbook_in_team_refresh() RETURNS void LANGUAGE sql AS $$
  UPDATE logbook_entries l SET in_team = true FROM circles c WHERE c.id = l.circle_id AND c.kind = 'team' AND NOT l.in_team;
$$;--> statement-breakpoint
SELECT logbook_in_team_refresh();--> statement-breakpoint
CREATE INDEX "logbook_circles_adopted_idx" ON "logbook_entries" USING btree ("adopted_at","id") WHERE NOT in_team;--> statement-breakpoint
-- The planner's figures for the new column now, not when autovacuum next comes round: without
-- them it read the whole logbook rather than the new index.
ANALYZE "logbook_entries";
