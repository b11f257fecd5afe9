-- The second wall (ADR 038): the application's requests run as palier_app, which row-level security applies to.
-- Each transaction carries the actor's claims (palier.programme_id, palier.reach, …, set by set_config(…, true));
-- a query that forgets its WHERE still sees only the rows of the actor's programme and households.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'palier_app') THEN
    CREATE ROLE palier_app NOLOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'Palier needs the database role palier_app. Ask the database administrator to run: CREATE ROLE palier_app NOLOGIN; GRANT palier_app TO %;', current_user;
END $$;
--> statement-breakpoint
DO $$ BEGIN
  IF NOT pg_has_role(current_user, 'palier_app', 'MEMBER') THEN
    EXECUTE format('GRANT palier_app TO %I', current_user);
  END IF;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO palier_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO palier_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO palier_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO palier_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO palier_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA drizzle TO palier_app;
--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO palier_app;
--> statement-breakpoint
-- The audit trail is append-only for the application.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM palier_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION palier_claim(name text) RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('palier.' || name, true), '') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION palier_programme() RETURNS integer LANGUAGE sql STABLE
  AS $$ SELECT palier_claim('programme_id')::integer $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION palier_reach() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT coalesce(palier_claim('reach'), 'none') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION palier_household() RETURNS integer LANGUAGE sql STABLE
  AS $$ SELECT palier_claim('household_id')::integer $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION palier_organisation() RETURNS integer LANGUAGE sql STABLE
  AS $$ SELECT palier_claim('organisation_id')::integer $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION palier_sectors() RETURNS integer[] LANGUAGE sql STABLE
  AS $$ SELECT coalesce(palier_claim('sector_ids')::integer[], '{}') $$;
--> statement-breakpoint
-- Whether a household lives (or lived) in one of the actor's sectors. It reads tenancies as their owner, past their
-- own policy, and answers only yes or no.
CREATE OR REPLACE FUNCTION palier_in_sectors(household integer) RETURNS boolean LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM tenancy t JOIN dwelling d ON d.id = t.dwelling_id
                       WHERE t.household_id = household AND d.sector_id = ANY (palier_sectors())) $$;
--> statement-breakpoint
-- Policies on every table of personal data keyed by a household. The claims are read once per statement
-- (scalar subqueries become init plans), so a row costs a comparison unless the actor reaches by sectors.
DO $$
DECLARE
  t text;
  nullable boolean;
  reaches constant text := $r$(
      (SELECT palier_reach()) = 'programme'
      OR ((SELECT palier_reach()) = 'household' AND %1$s = (SELECT palier_household()))
      OR ((SELECT palier_reach()) = 'sectors' AND palier_in_sectors(%1$s)))$r$;
  rule text;
BEGIN
  FOR t, nullable IN VALUES
    ('household', false), ('household_member', false), ('tenancy', false), ('consent', false),
    ('activation_request', false), ('charge_line', true), ('device_order', false), ('device_waiting_entry', false),
    ('registration', false), ('validation', false), ('certificate', false), ('advice_case', false),
    ('appointment', false), ('notification', true), ('questionnaire_response', false), ('testimony', true)
  LOOP
    rule := format('programme_id = (SELECT palier_programme()) AND (%s%s)',
      CASE WHEN nullable THEN 'household_id IS NULL OR ' ELSE '' END,
      format(reaches, CASE WHEN t = 'household' THEN 'id' ELSE 'household_id' END));
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY palier_households ON %I USING (%s) WITH CHECK (%s)', t, rule, rule);
  END LOOP;
END $$;
--> statement-breakpoint
-- An advice case is the business of the association that holds it (and of the household): no other organisation.
CREATE POLICY palier_advice_holder ON advice_case AS RESTRICTIVE
  USING (organisation_id = (SELECT palier_organisation()) OR household_id = (SELECT palier_household()))
  WITH CHECK (organisation_id = (SELECT palier_organisation()));
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['advice_entry', 'advice_document', 'advice_letter'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY palier_advice_case ON %I USING (EXISTS (SELECT 1 FROM advice_case c WHERE c.id = case_id))', t);
  END LOOP;
END $$;
--> statement-breakpoint
ALTER TABLE erasure ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY palier_programme ON erasure USING (programme_id = (SELECT palier_programme()));
--> statement-breakpoint
-- The audit trail: read within one's programme (the pages decide who sees which events); written by anyone acting,
-- including anonymous public forms (a ballot, a verification), never rewritten.
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY palier_audit_read ON audit_event FOR SELECT USING (programme_id = (SELECT palier_programme()));
--> statement-breakpoint
CREATE POLICY palier_audit_write ON audit_event FOR INSERT
  WITH CHECK ((SELECT palier_programme()) IS NULL OR programme_id IS NOT DISTINCT FROM (SELECT palier_programme()));
