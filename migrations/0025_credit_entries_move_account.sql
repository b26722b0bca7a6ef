-- The chain check (0008) proved each new entry follows the one before it, and the account
-- check proved an account that moved ends where its entries end; neither noticed entries
-- written for an account that did not move at all (its row never updated, so its check never
-- ran), which verifyLedger finds only afterwards. Each new entry now also needs its account to
-- have reached at least its version by commit; with the account check, that account then
-- holds exactly where its entries end.
CREATE OR REPLACE FUNCTION credit_check_entry() RETURNS trigger AS $$
BEGIN
  IF NEW.version = 1 THEN
    IF NEW.balance_before <> 0 THEN
      RAISE EXCEPTION 'credit entry % starts account % from % instead of 0', NEW.id, NEW.account_id, NEW.balance_before;
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM credit_entries e WHERE e.account_id = NEW.account_id
                    AND e.version = NEW.version - 1 AND e.balance_after = NEW.balance_before) THEN
    RAISE EXCEPTION 'credit entry % breaks the chain of account % at version %', NEW.id, NEW.account_id, NEW.version;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM credit_accounts a WHERE a.id = NEW.account_id AND a.version >= NEW.version) THEN
    RAISE EXCEPTION 'credit entry % (version %) was written but account % was not moved to it', NEW.id, NEW.version, NEW.account_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
