-- Trigram matching for logbook search (ILIKE '%term%' on title and text, indexed in 0023).
-- pg_trgm is a trusted extension: the database's owner may create it without superuser.
-- PGlite loads it from its own package (src/platform/db.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
