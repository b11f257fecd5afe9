-- No two tenancies of one dwelling overlap, enforced by a trigger instead of the exclusion constraint: the GiST
-- index behind the constraint took most of the time of a national-scale load (ADR 019); a btree on dwelling_id
-- serves this check. Tenancy writes on one dwelling are serialised by locking the dwelling row, so two concurrent
-- transactions cannot both pass the check (Palier runs in READ COMMITTED, where each statement sees the latest commits).
ALTER TABLE tenancy DROP CONSTRAINT tenancy_no_overlap;--> statement-breakpoint
CREATE OR REPLACE FUNCTION palier_tenancy_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM dwelling WHERE id = NEW.dwelling_id FOR NO KEY UPDATE;
  IF EXISTS (
    SELECT 1 FROM tenancy t
    WHERE t.dwelling_id = NEW.dwelling_id AND t.id <> NEW.id
      AND daterange(t.start_date, t.end_date) && daterange(NEW.start_date, NEW.end_date)
  ) THEN
    RAISE EXCEPTION 'tenancy of household % overlaps another tenancy of dwelling %', NEW.household_id, NEW.dwelling_id
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'tenancy_no_overlap', TABLE = 'tenancy';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER tenancy_no_overlap BEFORE INSERT OR UPDATE OF dwelling_id, start_date, end_date ON tenancy
  FOR EACH ROW EXECUTE FUNCTION palier_tenancy_no_overlap();
