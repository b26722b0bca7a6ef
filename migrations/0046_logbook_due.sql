-- Issue 20: what is due for review in a person's circles (home) or one circle, by index, with the
-- scope in the statement rather than the co-op's 200 most overdue filtered afterwards.
CREATE INDEX "logbook_due_idx" ON "logbook_entries" USING btree ("circle_id","review_date") WHERE state IN ('in_force', 'review_due');