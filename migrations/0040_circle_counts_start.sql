-- A circle starts with no members and nothing within it: its kept counts (0037) start at zero
-- whatever the inserted row says, and the triggers count what follows. A restore, whose rows
-- carry the counts they had, then ends with the same counts rather than twice them.
CREATE FUNCTION circle_counts_start() RETURNS trigger AS $$
BEGIN
  NEW.member_count := 0;
  NEW.circle_count := 0;
  NEW.team_count := 0;
  RETURN NEW;
END $$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER circle_counts_start BEFORE INSERT ON circles FOR EACH ROW EXECUTE FUNCTION circle_counts_start();
