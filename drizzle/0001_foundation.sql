CREATE TABLE "consent" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consent_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"given_on" date NOT NULL,
	"source" text NOT NULL,
	"withdrawn_on" date
);
--> statement-breakpoint
CREATE TABLE "household" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "household_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"reference" text NOT NULL,
	"phone" text,
	"email" text,
	"channels" text[] DEFAULT '{letter}'::text[] NOT NULL,
	"language" text DEFAULT 'fr' NOT NULL,
	"minimum_benefits" text DEFAULT 'not_given' NOT NULL,
	"single_parent" text DEFAULT 'not_given' NOT NULL,
	"lives_alone" text DEFAULT 'not_given' NOT NULL,
	"first_time_user" text DEFAULT 'not_given' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_reference_uq" UNIQUE("programme_id","reference")
);
--> statement-breakpoint
CREATE TABLE "household_member" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "household_member_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"birth_year" smallint,
	"age_band" text DEFAULT 'not_given' NOT NULL,
	"is_reference_person" text DEFAULT 'no' NOT NULL,
	"search_text" text GENERATED ALWAYS AS (palier_normalize(first_name || ' ' || last_name)) STORED NOT NULL,
	CONSTRAINT "household_member_birth_year_ck" CHECK (birth_year is null or birth_year between 1900 and 2100)
);
--> statement-breakpoint
CREATE TABLE "tenancy" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tenancy_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"dwelling_id" integer NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	CONSTRAINT "tenancy_dates_ck" CHECK (end_date is null or end_date > start_date)
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"email" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisation_name_uq" UNIQUE("programme_id","name")
);
--> statement-breakpoint
CREATE TABLE "programme" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "programme_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "building" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "building_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"reference" text NOT NULL,
	"address" text NOT NULL,
	"postcode" text NOT NULL,
	"insee_code" text NOT NULL,
	"city" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"search_text" text GENERATED ALWAYS AS (palier_normalize(address || ' ' || postcode || ' ' || city)) STORED NOT NULL,
	CONSTRAINT "building_reference_uq" UNIQUE("programme_id","reference"),
	CONSTRAINT "building_sector_uq" UNIQUE("id","sector_id")
);
--> statement-breakpoint
CREATE TABLE "dwelling" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dwelling_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"building_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"landlord_reference" text NOT NULL,
	"floor" smallint,
	"rooms" smallint,
	"status" text DEFAULT 'occupied' NOT NULL,
	"reference_key" text GENERATED ALWAYS AS (upper(landlord_reference)) STORED NOT NULL,
	CONSTRAINT "dwelling_reference_uq" UNIQUE("programme_id","landlord_reference")
);
--> statement-breakpoint
CREATE TABLE "neighbourhood" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "neighbourhood_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"name" text NOT NULL,
	"insee_code" text NOT NULL,
	"qpv_code" text,
	CONSTRAINT "neighbourhood_name_uq" UNIQUE("programme_id","name")
);
--> statement-breakpoint
CREATE TABLE "sector" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sector_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"neighbourhood_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "sector_code_uq" UNIQUE("programme_id","code")
);
--> statement-breakpoint
CREATE TABLE "sector_partner" (
	"sector_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	CONSTRAINT "sector_partner_sector_id_organisation_id_pk" PRIMARY KEY("sector_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"programme_id" integer,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" text,
	"actor_label" text NOT NULL,
	"channel" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"ip" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "account" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_token" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_token_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_token_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
CREATE TABLE "invitation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "invitation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	CONSTRAINT "invitation_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"user_id" text NOT NULL,
	CONSTRAINT "session_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"programme_id" integer NOT NULL,
	"organisation_id" integer,
	"role" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"household_id" integer,
	CONSTRAINT "user_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "verification" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household" ADD CONSTRAINT "household_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_member" ADD CONSTRAINT "household_member_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancy" ADD CONSTRAINT "tenancy_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancy" ADD CONSTRAINT "tenancy_dwelling_id_dwelling_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwelling"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building" ADD CONSTRAINT "building_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building" ADD CONSTRAINT "building_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dwelling" ADD CONSTRAINT "dwelling_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dwelling" ADD CONSTRAINT "dwelling_building_id_sector_id_building_id_sector_id_fk" FOREIGN KEY ("building_id","sector_id") REFERENCES "public"."building"("id","sector_id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "neighbourhood" ADD CONSTRAINT "neighbourhood_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector" ADD CONSTRAINT "sector_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector" ADD CONSTRAINT "sector_neighbourhood_id_neighbourhood_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."neighbourhood"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_partner" ADD CONSTRAINT "sector_partner_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_partner" ADD CONSTRAINT "sector_partner_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_household_idx" ON "consent" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "household_member_household_idx" ON "household_member" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "household_member_search_idx" ON "household_member" USING gin (search_text gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tenancy_household_idx" ON "tenancy" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "tenancy_dwelling_idx" ON "tenancy" USING btree ("dwelling_id");--> statement-breakpoint
CREATE INDEX "building_sector_idx" ON "building" USING btree ("sector_id");--> statement-breakpoint
CREATE INDEX "building_search_idx" ON "building" USING gin (search_text gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "dwelling_building_idx" ON "dwelling" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "dwelling_sector_idx" ON "dwelling" USING btree ("sector_id","landlord_reference");--> statement-breakpoint
CREATE INDEX "dwelling_reference_key_idx" ON "dwelling" USING btree ("programme_id",reference_key text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sector_neighbourhood_idx" ON "sector" USING btree ("neighbourhood_id");--> statement-breakpoint
CREATE INDEX "sector_partner_org_idx" ON "sector_partner" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "audit_event_programme_time_idx" ON "audit_event" USING btree ("programme_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_event_entity_idx" ON "audit_event" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_event_actor_idx" ON "audit_event" USING btree ("actor_user_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "api_token_user_idx" ON "api_token" USING btree ("user_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "user_programme_idx" ON "user" USING btree ("programme_id","organisation_id");