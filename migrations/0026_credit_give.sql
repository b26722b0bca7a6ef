-- A gift between two people who both hold an account, made in one statement: the accounts
-- locked in id order (the order every other transfer locks them in, so they never deadlock),
-- the balance checked, and the transfer, its two entries, both balances and its event written,
-- exactly as the command's transactional path writes them (src/modules/credits/ledger.ts).
-- Sent on its own it is its own transaction: a gift takes two round trips (the API token's
-- look-up and this) instead of five (ADR 0014). It returns the two accounts when it wrote the
-- gift and nothing when it wrote nothing: an account missing, too little to give, or the
-- idempotency key already taken. The caller then runs the transactional command, which opens
-- accounts, refuses with its message or returns the first transfer under the key. The
-- deferred checks (0008, 0025) prove what it wrote at commit, as for every other transfer.
CREATE FUNCTION credit_give(
  p_from_person uuid, p_to_person uuid, p_amount int, p_message text, p_key text, p_hash text,
  p_transfer_id uuid, p_from_entry uuid, p_to_entry uuid, p_event_id uuid, p_at timestamptz
) RETURNS TABLE (from_account uuid, to_account uuid) AS $$
DECLARE
  f credit_accounts;
  g credit_accounts;
  a credit_accounts;
  n int;
BEGIN
  FOR a IN SELECT * FROM credit_accounts WHERE person_id IN (p_from_person, p_to_person) ORDER BY id FOR UPDATE LOOP
    IF a.person_id = p_from_person THEN f := a; ELSE g := a; END IF;
  END LOOP;
  IF f.id IS NULL OR g.id IS NULL OR p_amount <= 0 OR (NOT f.allow_negative AND f.balance < p_amount) THEN
    RETURN;
  END IF;
  INSERT INTO credit_transfers (id, idempotency_key, request_hash, kind, from_account, to_account, amount, message, created_by, created_at)
    VALUES (p_transfer_id, p_key, p_hash, 'gift', f.id, g.id, p_amount, p_message, p_from_person, p_at)
    ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n = 0 THEN
    RETURN;
  END IF;
  INSERT INTO credit_entries (id, account_id, transfer_id, amount, balance_before, balance_after, version, created_at) VALUES
    (p_from_entry, f.id, p_transfer_id, -p_amount, f.balance, f.balance - p_amount, f.version + 1, p_at),
    (p_to_entry, g.id, p_transfer_id, p_amount, g.balance, g.balance + p_amount, g.version + 1, p_at);
  UPDATE credit_accounts SET balance = f.balance - p_amount, version = f.version + 1 WHERE id = f.id;
  UPDATE credit_accounts SET balance = g.balance + p_amount, version = g.version + 1 WHERE id = g.id;
  INSERT INTO events (id, type, actor_id, subject_type, subject_id, data, at)
    VALUES (p_event_id, 'credits.gift', p_from_person, 'credit_transfer', p_transfer_id::text,
            jsonb_build_object('amount', p_amount, 'from', f.id, 'to', g.id), p_at);
  RETURN QUERY SELECT f.id, g.id;
END;
$$ LANGUAGE plpgsql;
