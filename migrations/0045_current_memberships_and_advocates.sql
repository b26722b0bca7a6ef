-- Issue 20: home's chats, care logs and teams find a person's current circles without reading the ones
-- they have left (292 memberships, 19 current, for one busy person at scale 1), and the teams they
-- are the advocate of without reading every team.
CREATE INDEX "circle_members_person_current_idx" ON "circle_members" USING btree ("person_id","circle_id") WHERE left_at IS NULL;--> statement-breakpoint
CREATE INDEX "teams_advocate_idx" ON "teams" USING btree ("advocate_id") WHERE advocate_id IS NOT NULL;