CREATE TABLE "impact_report" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "impact_report_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"title" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"neighbourhood_id" integer,
	"sector_id" integer,
	"summary" text DEFAULT '' NOT NULL,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"testimony_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"snapshot" jsonb,
	"published_at" timestamp with time zone,
	"published_by" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "impact_report_period_ck" CHECK (period_to >= period_from),
	CONSTRAINT "impact_report_status_ck" CHECK ((status = 'published') = (snapshot is not null and published_at is not null))
);
--> statement-breakpoint
CREATE TABLE "impact_settings" (
	"programme_id" integer PRIMARY KEY NOT NULL,
	"secrecy_threshold" smallint DEFAULT 11 NOT NULL,
	"take_up_reference_percent" smallint DEFAULT 12 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "impact_settings_threshold_ck" CHECK (secrecy_threshold between 5 and 100),
	CONSTRAINT "impact_settings_reference_ck" CHECK (take_up_reference_percent between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "questionnaire_response" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "questionnaire_response_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"member_id" integer,
	"version" text NOT NULL,
	"moment" text NOT NULL,
	"answered_on" date NOT NULL,
	"answers" jsonb NOT NULL,
	"organisation_id" integer,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questionnaire_response_moment_uq" UNIQUE("household_id","moment"),
	CONSTRAINT "questionnaire_response_moment_ck" CHECK (moment in ('before', 'after'))
);
--> statement-breakpoint
CREATE TABLE "testimony" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "testimony_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer,
	"sector_id" integer,
	"organisation_id" integer,
	"quote" text,
	"attribution" text NOT NULL,
	"first_name" text,
	"context" text,
	"consent_on" date NOT NULL,
	"consent_form" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_on" date,
	"withdrawn_by" text,
	CONSTRAINT "testimony_withdrawn_ck" CHECK ((withdrawn_on is null) = (quote is not null)),
	CONSTRAINT "testimony_attribution_ck" CHECK (attribution in ('first_name', 'anonymous')),
	CONSTRAINT "testimony_first_name_ck" CHECK ((attribution = 'first_name') = (first_name is not null) or withdrawn_on is not null),
	CONSTRAINT "testimony_consent_form_ck" CHECK (consent_form in ('signed', 'oral', 'online'))
);
--> statement-breakpoint
ALTER TABLE "impact_report" ADD CONSTRAINT "impact_report_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_report" ADD CONSTRAINT "impact_report_neighbourhood_id_neighbourhood_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."neighbourhood"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_report" ADD CONSTRAINT "impact_report_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_settings" ADD CONSTRAINT "impact_settings_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_member_id_household_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_member"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "testimony" ADD CONSTRAINT "testimony_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "testimony" ADD CONSTRAINT "testimony_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "testimony" ADD CONSTRAINT "testimony_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "testimony" ADD CONSTRAINT "testimony_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "impact_report_programme_idx" ON "impact_report" USING btree ("programme_id","period_to");--> statement-breakpoint
CREATE INDEX "questionnaire_response_programme_idx" ON "questionnaire_response" USING btree ("programme_id","moment","answered_on");--> statement-breakpoint
CREATE INDEX "testimony_programme_idx" ON "testimony" USING btree ("programme_id","id");