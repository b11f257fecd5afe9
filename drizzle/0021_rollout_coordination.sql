CREATE TABLE "agreement" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agreement_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"reference" text NOT NULL,
	"object" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"amount_cents" integer DEFAULT 0 NOT NULL,
	"notice_days" smallint DEFAULT 90 NOT NULL,
	"renews_id" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_reference_uq" UNIQUE("programme_id","reference"),
	CONSTRAINT "agreement_dates_ck" CHECK (ends_on >= starts_on),
	CONSTRAINT "agreement_amount_ck" CHECK (amount_cents >= 0),
	CONSTRAINT "agreement_notice_ck" CHECK (notice_days between 0 and 365),
	CONSTRAINT "agreement_status_ck" CHECK (status in ('active', 'terminated'))
);
--> statement-breakpoint
CREATE TABLE "agreement_document" (
	"agreement_id" integer NOT NULL,
	"document_id" integer NOT NULL,
	CONSTRAINT "agreement_document_uq" UNIQUE("agreement_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "coordination_document" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "coordination_document_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_document_type_ck" CHECK (media_type in ('application/pdf', 'image/jpeg', 'image/png'))
);
--> statement-breakpoint
CREATE TABLE "steering_action" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "steering_action_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"meeting_id" integer NOT NULL,
	"description" text NOT NULL,
	"owner_organisation_id" integer,
	"owner_name" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"status_note" text,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "steering_action_status_ck" CHECK (status in ('open', 'done', 'dropped'))
);
--> statement-breakpoint
CREATE TABLE "steering_decision" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "steering_decision_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "steering_meeting" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "steering_meeting_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"place" text NOT NULL,
	"attendees" text NOT NULL,
	"minutes_document_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subsidy" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "subsidy_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"purpose" text NOT NULL,
	"planned_cents" integer NOT NULL,
	"committed_cents" integer,
	"committed_on" date,
	"paid_cents" integer DEFAULT 0 NOT NULL,
	"agreement_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subsidy_purpose_uq" UNIQUE("organisation_id","year","purpose"),
	CONSTRAINT "subsidy_year_ck" CHECK (year between 2000 and 2100),
	CONSTRAINT "subsidy_amounts_ck" CHECK (planned_cents >= 0 and (committed_cents is null or committed_cents >= 0)),
	CONSTRAINT "subsidy_paid_ck" CHECK (paid_cents >= 0 and paid_cents <= coalesce(committed_cents, 0)),
	CONSTRAINT "subsidy_committed_ck" CHECK ((committed_cents is null) = (committed_on is null))
);
--> statement-breakpoint
CREATE TABLE "subsidy_payment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "subsidy_payment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"subsidy_id" integer NOT NULL,
	"paid_on" date NOT NULL,
	"amount_cents" integer NOT NULL,
	"reference" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subsidy_payment_amount_ck" CHECK (amount_cents > 0)
);
--> statement-breakpoint
CREATE TABLE "checklist_tick" (
	"sector_id" integer NOT NULL,
	"item_key" text NOT NULL,
	"ticked_by" text NOT NULL,
	"ticked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"comment" text,
	CONSTRAINT "checklist_tick_sector_id_item_key_pk" PRIMARY KEY("sector_id","item_key")
);
--> statement-breakpoint
CREATE TABLE "consultation_meeting" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_meeting_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"place" text NOT NULL,
	"attendees" text NOT NULL,
	"minutes_document_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_position" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partner_position_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"meeting_id" integer,
	"opinion" text NOT NULL,
	"agrees" boolean NOT NULL,
	"involvement" text[] DEFAULT '{}'::text[] NOT NULL,
	"comment" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_position_uq" UNIQUE("sector_id","organisation_id"),
	CONSTRAINT "partner_position_opinion_ck" CHECK (opinion in ('favourable', 'reserved', 'against')),
	CONSTRAINT "partner_position_involvement_ck" CHECK (involvement <@ array['relay_information', 'host_workshops', 'home_help', 'office_hours']::text[])
);
--> statement-breakpoint
CREATE TABLE "rollout_pin" (
	"sector_id" integer PRIMARY KEY NOT NULL,
	"programme_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"comment" text,
	"pinned_by" text NOT NULL,
	"pinned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollout_settings" (
	"programme_id" integer PRIMARY KEY NOT NULL,
	"walking_distance_m" integer NOT NULL,
	"demand_rate_bp" integer NOT NULL,
	"beginner_seats" smallint NOT NULL,
	"capacity_horizon_months" smallint NOT NULL,
	"max_concurrent" smallint NOT NULL,
	"consultation_months" smallint NOT NULL,
	"preparation_months" smallint NOT NULL,
	"vote_months" smallint NOT NULL,
	"works_months" smallint NOT NULL,
	"evaluation_months" smallint NOT NULL,
	"required_consultees" text[] NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rollout_settings_ck" CHECK (walking_distance_m between 100 and 20000 and demand_rate_bp between 1 and 10000
        and beginner_seats between 1 and 100 and capacity_horizon_months between 1 and 36
        and max_concurrent between 1 and 100 and consultation_months between 0 and 24
        and preparation_months between 0 and 24 and vote_months between 1 and 6
        and works_months between 0 and 36 and evaluation_months between 0 and 60)
);
--> statement-breakpoint
CREATE TABLE "sector_stage_event" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sector_stage_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"from_stage" text,
	"stage" text NOT NULL,
	"decided_on" date NOT NULL,
	"source" text NOT NULL,
	"decided_by" text NOT NULL,
	"comment" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sector_stage_event_source_ck" CHECK (source in ('decision', 'vote', 'service', 'history'))
);
--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_document" ADD CONSTRAINT "agreement_document_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_document" ADD CONSTRAINT "agreement_document_document_id_coordination_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."coordination_document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_document" ADD CONSTRAINT "coordination_document_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_action" ADD CONSTRAINT "steering_action_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_action" ADD CONSTRAINT "steering_action_meeting_id_steering_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."steering_meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_action" ADD CONSTRAINT "steering_action_owner_organisation_id_organisation_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_decision" ADD CONSTRAINT "steering_decision_meeting_id_steering_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."steering_meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_meeting" ADD CONSTRAINT "steering_meeting_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_meeting" ADD CONSTRAINT "steering_meeting_minutes_document_id_coordination_document_id_fk" FOREIGN KEY ("minutes_document_id") REFERENCES "public"."coordination_document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy" ADD CONSTRAINT "subsidy_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy" ADD CONSTRAINT "subsidy_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy" ADD CONSTRAINT "subsidy_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_payment" ADD CONSTRAINT "subsidy_payment_subsidy_id_subsidy_id_fk" FOREIGN KEY ("subsidy_id") REFERENCES "public"."subsidy"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_tick" ADD CONSTRAINT "checklist_tick_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_meeting" ADD CONSTRAINT "consultation_meeting_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_meeting" ADD CONSTRAINT "consultation_meeting_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_meeting" ADD CONSTRAINT "consultation_meeting_minutes_document_id_coordination_document_id_fk" FOREIGN KEY ("minutes_document_id") REFERENCES "public"."coordination_document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_position" ADD CONSTRAINT "partner_position_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_position" ADD CONSTRAINT "partner_position_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_position" ADD CONSTRAINT "partner_position_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_position" ADD CONSTRAINT "partner_position_meeting_id_consultation_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."consultation_meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollout_pin" ADD CONSTRAINT "rollout_pin_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollout_pin" ADD CONSTRAINT "rollout_pin_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollout_settings" ADD CONSTRAINT "rollout_settings_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_stage_event" ADD CONSTRAINT "sector_stage_event_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_stage_event" ADD CONSTRAINT "sector_stage_event_sector_id_sector_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sector"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_organisation_idx" ON "agreement" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "agreement_ends_idx" ON "agreement" USING btree ("programme_id","ends_on");--> statement-breakpoint
CREATE INDEX "coordination_document_programme_idx" ON "coordination_document" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "steering_action_meeting_idx" ON "steering_action" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "steering_action_open_idx" ON "steering_action" USING btree ("programme_id","status","due_on");--> statement-breakpoint
CREATE INDEX "steering_decision_meeting_idx" ON "steering_decision" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "steering_meeting_programme_idx" ON "steering_meeting" USING btree ("programme_id","held_on");--> statement-breakpoint
CREATE INDEX "subsidy_year_idx" ON "subsidy" USING btree ("programme_id","year");--> statement-breakpoint
CREATE INDEX "subsidy_payment_subsidy_idx" ON "subsidy_payment" USING btree ("subsidy_id");--> statement-breakpoint
CREATE INDEX "consultation_meeting_sector_idx" ON "consultation_meeting" USING btree ("sector_id","held_on");--> statement-breakpoint
CREATE INDEX "partner_position_organisation_idx" ON "partner_position" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "sector_stage_event_sector_idx" ON "sector_stage_event" USING btree ("sector_id","id");--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_renews_fk" FOREIGN KEY ("renews_id") REFERENCES "agreement"("id");--> statement-breakpoint
-- A stage's history is never rewritten: a wrong decision is corrected by a new one.
CREATE FUNCTION palier_sector_stage_event_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'sector_stage_event rows are never updated' USING ERRCODE = 'P0001';
END $$;--> statement-breakpoint
CREATE TRIGGER sector_stage_event_frozen BEFORE UPDATE ON "sector_stage_event"
  FOR EACH ROW EXECUTE FUNCTION palier_sector_stage_event_frozen();--> statement-breakpoint
-- Sectors that existed before the history: their current stage is its first line.
INSERT INTO "sector_stage_event" ("programme_id", "sector_id", "from_stage", "stage", "decided_on", "source", "decided_by", "comment", "recorded_at")
SELECT "programme_id", "id", NULL, "rollout_stage", ("rollout_stage_since" AT TIME ZONE 'Europe/Paris')::date, 'history', 'Palier', 'Étape connue avant l’historique', "rollout_stage_since"
FROM "sector";
