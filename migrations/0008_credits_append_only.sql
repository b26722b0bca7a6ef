-- The credit ledger is append-only: a mistake is corrected by a reversing transfer, never by
-- an edit or a delete. refuse_change() comes from 0001_append_only.
CREATE TRIGGER credit_transfers_append_only BEFORE UPDATE OR DELETE ON credit_transfers
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_entries_append_only BEFORE UPDATE OR DELETE ON credit_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER pool_allowances_append_only BEFORE UPDATE OR DELETE ON pool_allowances
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
-- Accounts change (balance, version, auto-donate) but are never removed: entries point at them.
CREATE TRIGGER credit_accounts_kept BEFORE DELETE ON credit_accounts
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
-- The checks below run at commit (deferred), so the database itself refuses to commit a
-- ledger that does not add up, whatever the application code did. They are deferred so a
-- restore can load rows in any order within its one transaction.
CREATE OR REPLACE FUNCTION credit_check_transfer() RETURNS trigger AS $$
DECLARE
  n int;
  ok boolean;
BEGIN
  SELECT count(*), bool_and((account_id = NEW.from_account AND amount = -NEW.amount)
                         OR (account_id = NEW.to_account AND amount = NEW.amount))
    INTO n, ok FROM credit_entries WHERE transfer_id = NEW.id;
  IF n <> 2 OR NOT coalesce(ok, false) THEN
    RAISE EXCEPTION 'credit transfer % does not balance (% entries)', NEW.id, n;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER credit_transfers_balanced AFTER INSERT ON credit_transfers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION credit_check_transfer();
--> statement-breakpoint
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
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER credit_entries_chained AFTER INSERT ON credit_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION credit_check_entry();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION credit_check_account() RETURNS trigger AS $$
DECLARE
  acc_balance int;
  acc_version int;
  last_balance int;
  last_version int;
BEGIN
  SELECT balance, version INTO acc_balance, acc_version FROM credit_accounts WHERE id = NEW.id;
  SELECT balance_after, version INTO last_balance, last_version FROM credit_entries
    WHERE account_id = NEW.id ORDER BY version DESC LIMIT 1;
  IF acc_balance <> coalesce(last_balance, 0) OR acc_version <> coalesce(last_version, 0) THEN
    RAISE EXCEPTION 'credit account % holds % (version %) but its entries end at % (version %)',
      NEW.id, acc_balance, acc_version, coalesce(last_balance, 0), coalesce(last_version, 0);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER credit_accounts_match_entries AFTER INSERT OR UPDATE OF balance, version ON credit_accounts
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION credit_check_account();
