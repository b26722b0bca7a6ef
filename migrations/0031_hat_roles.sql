-- Rights come from a hat's typed role, never from its name (issue 16). Hats defined before
-- roles existed for these responsibilities are given the role their name stood for, once (the
-- oldest such hat of a circle, where a role is not yet carried there); from now on a hat's
-- name is free and carries nothing. One hat per role in a circle.
UPDATE hat_definitions h SET role = m.role
FROM (
  SELECT DISTINCT ON (x.circle_id, x.r) x.id, x.r AS role
  FROM (
    SELECT id, circle_id, created_at, CASE lower(trim(name))
      WHEN 'team starter' THEN 'team-starter'
      WHEN 'coach' THEN 'coach'
      WHEN 'rota holder' THEN 'rota-holder'
      WHEN 'profile holder' THEN 'profile-holder'
      WHEN 'mar holder' THEN 'mar-holder'
      WHEN 'team chat admin' THEN 'team-chat-admin'
      WHEN 'check-in facilitator' THEN 'check-in-facilitator'
      WHEN 'safeguarding lead' THEN 'safeguarding-lead'
      WHEN 'support coordinator' THEN 'support-coordinator'
      WHEN 'membership holder' THEN 'membership-holder'
    END AS r
    FROM hat_definitions WHERE role IS NULL
  ) x
  WHERE x.r IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM hat_definitions o WHERE o.circle_id = x.circle_id AND o.role = x.r)
  ORDER BY x.circle_id, x.r, x.created_at
) m
WHERE h.id = m.id;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "hat_definitions_circle_role_unique" ON "hat_definitions" ("circle_id", "role") WHERE "role" IS NOT NULL;
