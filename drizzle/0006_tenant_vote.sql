CREATE TABLE "ballot" (
	"vote_id" integer NOT NULL,
	"dwelling_id" integer NOT NULL,
	"choice" text NOT NULL,
	"channel" text NOT NULL,
	"code_id" integer,
	"batch_id" integer,
	"received_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text NOT NULL,
	CONSTRAINT "ballot_vote_id_dwelling_id_pk" PRIMARY KEY("vote_id","dwelling_id"),
	CONSTRAINT "ballot_choice_ck" CHECK (choice in ('yes', 'no', 'blank', 'invalid')),
	CONSTRAINT "ballot_channel_ck" CHECK (channel in ('online', 'paper', 'in_person'))
);
--> statement-breakpoint
CREATE TABLE "ballot_code" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ballot_code_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"vote_id" integer NOT NULL,
	"dwelling_id" integer NOT NULL,
	"code" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "ballot_code_code_uq" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "collective_agreement" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "collective_agreement_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"vote_id" integer NOT NULL,
	"operator_id" integer NOT NULL,
	"service_name" text NOT NULL,
	"monthly_amount_cents" integer NOT NULL,
	"effective_from" date NOT NULL,
	"adopted_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collective_agreement_vote_uq" UNIQUE("vote_id"),
	CONSTRAINT "collective_agreement_amount_ck" CHECK (monthly_amount_cents > 0)
);
--> statement-breakpoint
CREATE TABLE "paper_batch" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "paper_batch_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"vote_id" integer NOT NULL,
	"number" integer NOT NULL,
	"label" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"first_user_id" text,
	"first_by" text,
	"second_user_id" text,
	"second_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"counted_at" timestamp with time zone,
	CONSTRAINT "paper_batch_number_uq" UNIQUE("vote_id","number")
);
--> statement-breakpoint
CREATE TABLE "paper_batch_line" (
	"batch_id" integer NOT NULL,
	"entry" smallint NOT NULL,
	"dwelling_id" integer NOT NULL,
	"typed" text NOT NULL,
	"choice" text NOT NULL,
	CONSTRAINT "paper_batch_line_batch_id_entry_dwelling_id_pk" PRIMARY KEY("batch_id","entry","dwelling_id")
);
--> statement-breakpoint
CREATE TABLE "tenant_vote" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tenant_vote_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"reference" text NOT NULL,
	"sector_id" integer NOT NULL,
	"building_ids" integer[],
	"procedure" text NOT NULL,
	"rule_version" text NOT NULL,
	"majority_bp" integer,
	"quorum_bp" integer,
	"rejection_bp" integer,
	"max_window_months" smallint NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"operator_id" integer NOT NULL,
	"service_name" text NOT NULL,
	"monthly_amount_cents" integer NOT NULL,
	"tariff_from" date NOT NULL,
	"meeting_at" timestamp with time zone,
	"meeting_place" text,
	"help_phone" text NOT NULL,
	"dwellings_concerned" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"result" text,
	"certified_counts" jsonb,
	"certified_at" timestamp with time zone,
	"certified_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "tenant_vote_reference_uq" UNIQUE("programme_id","reference"),
	CONSTRAINT "tenant_vote_window_ck" CHECK (closes_at > opens_at),
	CONSTRAINT "tenant_vote_amount_ck" CHECK (monthly_amount_cents > 0),
	CONSTRAINT "tenant_vote_procedure_ck" CHECK (procedure in ('approval', 'opposition')),
	CONSTRAINT "tenant_vote_result_ck" CHECK ((status = 'open' and result is null) or (status = 'certified' and result in ('adopted', 'rejected')))
);
--> statement-breakpoint
CREATE TABLE "vote_dwelling" (
	"vote_id" integer NOT NULL,
	"dwelling_id" integer NOT NULL,
	"building_id" integer NOT NULL,
	"household_id" integer,
	CONSTRAINT "vote_dwelling_vote_id_dwelling_id_pk" PRIMARY KEY("vote_id","dwelling_id")
);
--> statement-breakpoint
ALTER TABLE "sector" ADD COLUMN "rollout_stage" text DEFAULT 'identified' NOT NULL;--> statement-breakpoint
ALTER TABLE "sector" ADD COLUMN "rollout_stage_since" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_code_id_ballot_code_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."ballot_code"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_batch_id_paper_batch_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."paper_batch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_vote_id_dwelling_id_vote_dwelling_vote_id_dwelling_id_fk" FOREIGN KEY ("vote_id","dwelling_id") REFERENCES "public"."vote_dwelling"("vote_id","dwelling_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_code" ADD CONSTRAINT "ballot_code_vote_id_dwelling_id_vote_dwelling_vote_id_dwelling_id_fk" FOREIGN KEY ("vote_id","dwelling_id") REFERENCES "public"."vote_dwelling"("vote_id","dwelling_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collective_agreement" ADD CONSTRAINT "collective_agreement_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collective_agreement" ADD CONSTRAINT "collective_agreement_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collective_agreement" ADD CONSTRAINT "collective_agreement_vote_id_tenant_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."tenant_vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collective_agreement" ADD CONSTRAINT "collective_agreement_operator_id_organisation_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_batch" ADD CONSTRAINT "paper_batch_vote_id_tenant_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."tenant_vote"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_batch_line" ADD CONSTRAINT "paper_batch_line_batch_id_paper_batch_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."paper_batch"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_vote" ADD CONSTRAINT "tenant_vote_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_vote" ADD CONSTRAINT "tenant_vote_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_vote" ADD CONSTRAINT "tenant_vote_operator_id_organisation_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_dwelling" ADD CONSTRAINT "vote_dwelling_vote_id_tenant_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."tenant_vote"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_dwelling" ADD CONSTRAINT "vote_dwelling_dwelling_id_dwelling_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwelling"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ballot_code_live_uq" ON "ballot_code" USING btree ("vote_id","dwelling_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "collective_agreement_sector_idx" ON "collective_agreement" USING btree ("sector_id","effective_from");--> statement-breakpoint
CREATE INDEX "tenant_vote_sector_idx" ON "tenant_vote" USING btree ("sector_id");--> statement-breakpoint
CREATE INDEX "tenant_vote_programme_idx" ON "tenant_vote" USING btree ("programme_id","opens_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_vote_one_open_uq" ON "tenant_vote" USING btree ("sector_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "vote_dwelling_building_idx" ON "vote_dwelling" USING btree ("vote_id","building_id");