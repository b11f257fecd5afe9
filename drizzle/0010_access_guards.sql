-- Money that was billed never changes:
-- - a tariff is never updated nor deleted, and none may start in a month already closed;
-- - a charge line is never updated; the lines of a closed month are never deleted and none is added to it.
CREATE FUNCTION palier_tariff_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'a tariff is never changed: add one from a later date'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'tariff_frozen';
  END IF;
  IF EXISTS (SELECT 1 FROM charge_month WHERE programme_id = NEW.programme_id AND status = 'closed'
             AND month >= NEW.effective_from) THEN
    RAISE EXCEPTION 'a tariff cannot start in a closed month'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'tariff_frozen';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER tariff_guard BEFORE INSERT OR UPDATE OR DELETE ON tariff
  FOR EACH ROW EXECUTE FUNCTION palier_tariff_guard();
--> statement-breakpoint
-- Statement-level with transition tables: a month's run writes millions of lines in one statement, checked once.
CREATE FUNCTION palier_charge_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM changed) THEN
    RAISE EXCEPTION 'a charge line is never changed: add an adjustment in an open month'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'charge_month_closed';
  END IF;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT programme_id, month FROM changed) c
             JOIN charge_month m ON m.programme_id = c.programme_id AND m.month = c.month AND m.status = 'closed') THEN
    RAISE EXCEPTION 'the charges of a closed month never change'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'charge_month_closed';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER charge_line_insert_guard AFTER INSERT ON charge_line REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION palier_charge_line_guard();
--> statement-breakpoint
CREATE TRIGGER charge_line_update_guard AFTER UPDATE ON charge_line REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION palier_charge_line_guard();
--> statement-breakpoint
CREATE TRIGGER charge_line_delete_guard AFTER DELETE ON charge_line REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION palier_charge_line_guard();
--> statement-breakpoint
CREATE FUNCTION palier_charge_month_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION 'the charges of % are closed', to_char(OLD.month, 'YYYY-MM')
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'charge_month_closed';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER charge_month_guard BEFORE UPDATE OR DELETE ON charge_month
  FOR EACH ROW EXECUTE FUNCTION palier_charge_month_guard();
