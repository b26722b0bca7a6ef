CREATE TABLE "circle_links" (
	"assignment_id" uuid PRIMARY KEY NOT NULL,
	"parent_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"hat_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"person_name" text NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"direct" boolean NOT NULL
);
--> statement-breakpoint
ALTER TABLE "circle_links" ADD CONSTRAINT "circle_links_assignment_id_hat_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."hat_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_links" ADD CONSTRAINT "circle_links_parent_id_circles_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."circles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circle_links_keyset_idx" ON "circle_links" USING btree ("parent_id","person_name","person_id");--> statement-breakpoint
CREATE INDEX "circle_links_person_idx" ON "circle_links" USING btree ("parent_id","person_id","direct","term_start","term_end");--> statement-breakpoint
-- Who links into each circle, kept by the database (issue 20, ADR 0040). A circle's members are
-- its direct members and the Leader and Delegate of each circle within it while their term runs.
-- The links were found by probing every circle within for its two hats and their holders: a
-- Local Circle has 324 circles and teams within at scale 1 and 1,363 at scale 10, so every
-- circle page and every chooser of people grew with them. Each Leader or Delegate assignment
-- that has not ended is now a row under the circle it links into, with the holder's name, so a
-- page of them is an index range; whether the holder is also a direct member is kept with it,
-- so the members are counted without probing. Triggers keep the rows in the same transaction
-- as the change, whichever path makes it; a load with the triggers off (bench:data) calls
-- circle_links_refresh() at the end. The rows are derived, so a backup leaves them out
-- (backup-tables.ts) and a restore's own inserts write them again.

-- The rows the links should have, for every assignment: inlined where it is used, so a filter
-- on the assignment reaches hat_assignments' primary key.
CREATE FUNCTION circle_links_due() RETURNS TABLE (assignment_id uuid, parent_id uuid, child_id uuid, hat_id uuid, person_id uuid,
    person_name text, term_start date, term_end date, direct boolean) LANGUAGE sql STABLE AS $$
  SELECT a.id, c.parent_id, c.id, a.hat_id, a.person_id, p.name, a.term_start, a.term_end,
    EXISTS (SELECT 1 FROM circle_members m WHERE m.circle_id = c.parent_id AND m.person_id = a.person_id AND m.left_at IS NULL)
  FROM hat_assignments a
    JOIN hat_definitions d ON d.id = a.hat_id AND d.circle_id = a.circle_id AND d.role IN ('leader', 'delegate')
    JOIN circles c ON c.id = a.circle_id AND c.parent_id IS NOT NULL
    JOIN people p ON p.id = a.person_id
  WHERE a.ended_at IS NULL
$$;--> statement-breakpoint
CREATE FUNCTION circle_links_write(p_assignments uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM circle_links WHERE assignment_id = ANY(p_assignments);
  -- The circles linked into are locked first, as a member's joining or leaving locks its circle
  -- (circle_links_direct_of): whether the holder is a direct member is read by the statement
  -- after, which in READ COMMITTED sees a member change committed while this one waited.
  -- Only those: assigning any other hat of a team must not wait on its Local Circle.
  PERFORM 1 FROM circles p WHERE p.id IN (SELECT l.parent_id FROM circle_links_due() l WHERE l.assignment_id = ANY(p_assignments))
    ORDER BY p.id FOR NO KEY UPDATE;
  INSERT INTO circle_links SELECT * FROM circle_links_due() l WHERE l.assignment_id = ANY(p_assignments);
END $$;--> statement-breakpoint
CREATE FUNCTION circle_links_of_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN PERFORM circle_links_write(ARRAY[OLD.id]);
  ELSIF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN PERFORM circle_links_write(ARRAY[OLD.id, NEW.id]);
  ELSE PERFORM circle_links_write(ARRAY[NEW.id]);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER circle_links_of_assignment AFTER INSERT OR DELETE OR UPDATE OF id, hat_id, circle_id, person_id, term_start, term_end, ended_at
  ON hat_assignments FOR EACH ROW EXECUTE FUNCTION circle_links_of_assignment();--> statement-breakpoint
-- A hat whose role or circle changes, or a circle moved under another (neither is done by the
-- platform today): their assignments' links are written again.
CREATE FUNCTION circle_links_of_hat() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM circle_links_write(ARRAY(SELECT id FROM hat_assignments WHERE hat_id = NEW.id));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER circle_links_of_hat AFTER UPDATE OF role, circle_id ON hat_definitions
  FOR EACH ROW EXECUTE FUNCTION circle_links_of_hat();--> statement-breakpoint
CREATE FUNCTION circle_links_of_circle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM circle_links_write(ARRAY(SELECT id FROM hat_assignments WHERE circle_id = NEW.id));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER circle_links_of_circle AFTER UPDATE OF parent_id ON circles
  FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION circle_links_of_circle();--> statement-breakpoint
CREATE FUNCTION circle_links_direct_of(p_circle uuid, p_person uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM circles WHERE id = p_circle FOR NO KEY UPDATE;
  UPDATE circle_links l SET direct = EXISTS (SELECT 1 FROM circle_members m WHERE m.circle_id = p_circle AND m.person_id = p_person AND m.left_at IS NULL)
  WHERE l.parent_id = p_circle AND l.person_id = p_person;
END $$;--> statement-breakpoint
CREATE FUNCTION circle_links_direct() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM circle_links_direct_of(OLD.circle_id, OLD.person_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM circle_links_direct_of(NEW.circle_id, NEW.person_id); END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER circle_links_direct AFTER INSERT OR DELETE OR UPDATE OF circle_id, person_id, left_at ON circle_members
  FOR EACH ROW EXECUTE FUNCTION circle_links_direct();--> statement-breakpoint
CREATE FUNCTION people_name_to_circle_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE circle_links SET person_name = NEW.name WHERE person_id = NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER people_name_to_circle_links AFTER UPDATE OF name ON people
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION people_name_to_circle_links();--> statement-breakpoint
CREATE FUNCTION circle_links_refresh() RETURNS void LANGUAGE sql AS $$
  DELETE FROM circle_links;
  INSERT INTO circle_links SELECT * FROM circle_links_due();
$$;--> statement-breakpoint
SELECT circle_links_refresh();--> statement-breakpoint
ANALYZE "circle_links";
