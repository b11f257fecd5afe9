-- Extensions shipped with both the embedded server and Debian's PostgreSQL (contrib).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes an IMMUTABLE
-- wrapper that generated columns and indexes may use, so "Kérourien" and "kerourien" match.
CREATE OR REPLACE FUNCTION palier_normalize(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
