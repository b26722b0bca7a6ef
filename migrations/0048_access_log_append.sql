-- The access log's append in one statement (ADR 0038): the chain's lock, its last row and the
-- new rows, chained in the order given, where the application took three round trips (the
-- lock, a look at the last row, the insert) on every page that logs a read. Each row's hash is
-- the one hashEntry (src/platform/access-log.ts) gives: the SHA-256 of the JSON array
-- [seq, id, at, actor, record type, record id, owner, reason, previous hash], written as
-- JSON.stringify writes it (no spaces; strings escaped as PostgreSQL's JSON output escapes
-- them, the same characters in the same way). The hash is taken of what the row stores (the
-- uuids and the instant as PostgreSQL gives them back), so verifyAccessLog, which hashes the
-- stored row again in Node, checks it as it checks every other row.
CREATE FUNCTION access_log_append(p_entries jsonb) RETURNS void AS $$
DECLARE
  e jsonb;
  n bigint;
  prev text;
  h text;
  v_id uuid;
  v_at timestamptz;
  v_actor uuid;
  v_owner uuid;
BEGIN
  PERFORM pg_advisory_xact_lock(727275);
  -- Read in a statement after the lock's: in READ COMMITTED each statement of a volatile
  -- function takes a new snapshot, so this one sees every append committed before the lock
  -- was granted. (A single statement taking the lock and reading would read with a snapshot
  -- taken before it waited, and fork the chain.)
  SELECT seq, hash INTO n, prev FROM access_log ORDER BY seq DESC LIMIT 1;
  n := coalesce(n, 0);
  prev := coalesce(prev, repeat('0', 64));
  FOR e IN SELECT x.value FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x(value, i) ORDER BY x.i LOOP
    n := n + 1;
    v_id := (e->>'id')::uuid;
    v_at := (e->>'at')::timestamptz;
    v_actor := (e->>'actorId')::uuid;
    v_owner := (e->>'ownerId')::uuid;
    h := encode(sha256(convert_to(concat(
      '[', n,
      ',', to_json(v_id::text),
      ',', to_json(to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      ',', coalesce(to_json(v_actor::text)::text, 'null'),
      ',', to_json(e->>'recordType'),
      ',', to_json(e->>'recordId'),
      ',', coalesce(to_json(v_owner::text)::text, 'null'),
      ',', to_json(e->>'reason'),
      ',', to_json(prev),
      ']'), 'UTF8')), 'hex');
    INSERT INTO access_log (seq, id, at, actor_id, record_type, record_id, owner_id, reason, prev_hash, hash)
      VALUES (n, v_id, v_at, v_actor, e->>'recordType', e->>'recordId', v_owner, e->>'reason', prev, h);
    prev := h;
  END LOOP;
END;
$$ LANGUAGE plpgsql;
