-- What the database refuses around a tenant vote, whatever the code does:
-- - a ballot is never deleted, and is only added while its vote is open (not certified);
-- - the frozen dwellings and their codes are never deleted while their vote exists, and no dwelling is added after
--   the vote opened (its count was written);
-- - a vote is deleted only while open and without any ballot (a vote opened by mistake); never once certified.
CREATE FUNCTION palier_ballot_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'a recorded ballot is never deleted'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'ballot_frozen';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM tenant_vote WHERE id = NEW.vote_id AND status = 'open') THEN
    RAISE EXCEPTION 'tenant vote % takes no more ballots', NEW.vote_id
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'ballot_frozen';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER ballot_guard BEFORE INSERT OR DELETE ON ballot
  FOR EACH ROW EXECUTE FUNCTION palier_ballot_guard();
--> statement-breakpoint
CREATE FUNCTION palier_vote_dwelling_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- A cascade from the vote's own deletion finds the vote already gone.
    IF EXISTS (SELECT 1 FROM tenant_vote WHERE id = OLD.vote_id) THEN
      RAISE EXCEPTION 'the dwellings of a tenant vote are frozen'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'vote_dwelling_frozen';
    END IF;
    RETURN OLD;
  END IF;
  IF EXISTS (SELECT 1 FROM tenant_vote WHERE id = NEW.vote_id AND dwellings_concerned <> 0) THEN
    RAISE EXCEPTION 'the dwellings of a tenant vote are frozen'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'vote_dwelling_frozen';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER vote_dwelling_guard BEFORE INSERT OR DELETE ON vote_dwelling
  FOR EACH ROW EXECUTE FUNCTION palier_vote_dwelling_guard();
--> statement-breakpoint
CREATE FUNCTION palier_ballot_code_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM tenant_vote WHERE id = OLD.vote_id) THEN
    RAISE EXCEPTION 'a ballot code is revoked, never deleted'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'ballot_code_frozen';
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER ballot_code_guard BEFORE DELETE ON ballot_code
  FOR EACH ROW EXECUTE FUNCTION palier_ballot_code_guard();
--> statement-breakpoint
CREATE FUNCTION palier_tenant_vote_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'open' OR EXISTS (SELECT 1 FROM ballot WHERE vote_id = OLD.id) THEN
    RAISE EXCEPTION 'tenant vote % has ballots or is certified: it is kept', OLD.reference
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'tenant_vote_frozen';
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER tenant_vote_delete_guard BEFORE DELETE ON tenant_vote
  FOR EACH ROW EXECUTE FUNCTION palier_tenant_vote_delete_guard();
