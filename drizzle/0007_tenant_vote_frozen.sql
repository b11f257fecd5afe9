-- A vote's rule, thresholds, window, offer and list of dwellings cannot change once it is open: only certification
-- (status, result, certified counts, who and when) is written afterwards.
CREATE FUNCTION palier_tenant_vote_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The reference and the number of dwellings are written once, by the transaction that opens the vote.
  IF OLD.dwellings_concerned <> 0
     AND (NEW.reference, NEW.dwellings_concerned) IS DISTINCT FROM (OLD.reference, OLD.dwellings_concerned) THEN
    RAISE EXCEPTION 'tenant vote % is frozen once open', OLD.reference
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'tenant_vote_frozen';
  END IF;
  IF (NEW.programme_id, NEW.sector_id, NEW.building_ids, NEW.procedure, NEW.rule_version,
      NEW.majority_bp, NEW.quorum_bp, NEW.rejection_bp, NEW.max_window_months, NEW.opens_at, NEW.closes_at,
      NEW.operator_id, NEW.service_name, NEW.monthly_amount_cents, NEW.tariff_from)
     IS DISTINCT FROM
     (OLD.programme_id, OLD.sector_id, OLD.building_ids, OLD.procedure, OLD.rule_version,
      OLD.majority_bp, OLD.quorum_bp, OLD.rejection_bp, OLD.max_window_months, OLD.opens_at, OLD.closes_at,
      OLD.operator_id, OLD.service_name, OLD.monthly_amount_cents, OLD.tariff_from) THEN
    RAISE EXCEPTION 'tenant vote % is frozen once open', OLD.reference
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'tenant_vote_frozen';
  END IF;
  IF OLD.status = 'certified' THEN
    RAISE EXCEPTION 'tenant vote % is certified', OLD.reference
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'tenant_vote_frozen';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER tenant_vote_frozen BEFORE UPDATE ON tenant_vote
  FOR EACH ROW EXECUTE FUNCTION palier_tenant_vote_frozen();
--> statement-breakpoint
-- The frozen list of dwellings, like the ballots, is only ever added to while the vote is open.
CREATE FUNCTION palier_vote_dwelling_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the dwellings of a tenant vote are frozen'
    USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'vote_dwelling_frozen';
END $$;
--> statement-breakpoint
CREATE TRIGGER vote_dwelling_frozen BEFORE UPDATE ON vote_dwelling
  FOR EACH ROW EXECUTE FUNCTION palier_vote_dwelling_frozen();
--> statement-breakpoint
-- A recorded ballot is never rewritten.
CREATE TRIGGER ballot_frozen BEFORE UPDATE ON ballot
  FOR EACH ROW EXECUTE FUNCTION palier_vote_dwelling_frozen();
