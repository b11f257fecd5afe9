CREATE TABLE "activation_event" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activation_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"details" jsonb,
	"idempotency_key" text,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation_request" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activation_request_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"dwelling_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"operator_id" integer NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"slots" text[] NOT NULL,
	"install_help" boolean DEFAULT false NOT NULL,
	"install_visit_at" timestamp with time zone,
	"install_visit_by" text,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"scheduled_for" timestamp with time zone,
	"scheduled_at" timestamp with time zone,
	"activated_on" date,
	"equipment_ref" text,
	"failure_reason" text,
	"failure_detail" text,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charge_line" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "charge_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"month" date NOT NULL,
	"dwelling_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"tariff_id" integer,
	"amount_cents" integer NOT NULL,
	"household_id" integer,
	"kind" text DEFAULT 'charge' NOT NULL,
	"adjusts_line_id" bigint,
	"reason" text,
	"created_by" text NOT NULL,
	CONSTRAINT "charge_line_kind_ck" CHECK ((kind = 'charge' and adjusts_line_id is null and amount_cents > 0) or (kind = 'adjustment' and adjusts_line_id is not null and amount_cents <> 0 and reason is not null))
);
--> statement-breakpoint
CREATE TABLE "charge_month" (
	"programme_id" integer NOT NULL,
	"month" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"run_at" timestamp with time zone,
	"run_by" text,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	CONSTRAINT "charge_month_programme_id_month_pk" PRIMARY KEY("programme_id","month"),
	CONSTRAINT "charge_month_first_day_ck" CHECK (extract(day from month) = 1)
);
--> statement-breakpoint
CREATE TABLE "sector_service" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sector_service_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"agreement_id" integer,
	"operator_id" integer NOT NULL,
	"description" text NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sector_service_sector_uq" UNIQUE("sector_id"),
	CONSTRAINT "sector_service_dates_ck" CHECK (closes_on is null or closes_on > opens_on)
);
--> statement-breakpoint
CREATE TABLE "tariff" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tariff_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"monthly_amount_cents" integer NOT NULL,
	"effective_from" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "tariff_service_from_uq" UNIQUE("service_id","effective_from"),
	CONSTRAINT "tariff_amount_ck" CHECK (monthly_amount_cents > 0 and monthly_amount_cents <= 100000),
	CONSTRAINT "tariff_first_day_ck" CHECK (extract(day from effective_from) = 1)
);
--> statement-breakpoint
ALTER TABLE "activation_event" ADD CONSTRAINT "activation_event_request_id_activation_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."activation_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_request" ADD CONSTRAINT "activation_request_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_request" ADD CONSTRAINT "activation_request_dwelling_id_dwelling_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwelling"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_request" ADD CONSTRAINT "activation_request_operator_id_organisation_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_month" ADD CONSTRAINT "charge_month_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_service" ADD CONSTRAINT "sector_service_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_service" ADD CONSTRAINT "sector_service_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_service" ADD CONSTRAINT "sector_service_agreement_id_collective_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."collective_agreement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_service" ADD CONSTRAINT "sector_service_operator_id_organisation_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff" ADD CONSTRAINT "tariff_service_id_sector_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."sector_service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activation_event_request_idx" ON "activation_event" USING btree ("request_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "activation_event_idempotency_uq" ON "activation_event" USING btree ("request_id","idempotency_key") WHERE idempotency_key is not null;--> statement-breakpoint
CREATE INDEX "activation_request_operator_idx" ON "activation_request" USING btree ("operator_id","status","id");--> statement-breakpoint
CREATE INDEX "activation_request_programme_idx" ON "activation_request" USING btree ("programme_id","status","id");--> statement-breakpoint
CREATE INDEX "activation_request_household_idx" ON "activation_request" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "activation_request_updated_idx" ON "activation_request" USING btree ("operator_id","updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "activation_request_live_uq" ON "activation_request" USING btree ("household_id") WHERE status in ('sent', 'scheduled');--> statement-breakpoint
CREATE UNIQUE INDEX "charge_line_month_dwelling_uq" ON "charge_line" USING btree ("programme_id","month","dwelling_id") WHERE kind = 'charge';--> statement-breakpoint
CREATE INDEX "charge_line_adjusts_idx" ON "charge_line" USING btree ("adjusts_line_id") WHERE adjusts_line_id is not null;--> statement-breakpoint
CREATE INDEX "sector_service_programme_idx" ON "sector_service" USING btree ("programme_id");