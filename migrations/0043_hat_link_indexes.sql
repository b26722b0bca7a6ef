-- Issue 20: the circle page's members and a circle's facts find the Leaders and Delegates of every circle
-- within (hundreds in a Local Circle) by probing these per circle and per hat, not by reading both tables.
CREATE INDEX "hat_assignments_hat_open_idx" ON "hat_assignments" USING btree ("hat_id") WHERE ended_at IS NULL;--> statement-breakpoint
CREATE INDEX "hat_definitions_links_idx" ON "hat_definitions" USING btree ("circle_id","id","name") WHERE role IN ('leader', 'delegate');