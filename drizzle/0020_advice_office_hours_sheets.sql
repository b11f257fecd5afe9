CREATE TABLE "appointment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appointment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"slot_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"topic" text,
	"reminder_channel" text NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"case_id" integer,
	"booked_by" text NOT NULL,
	"booked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offer_sheet" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "offer_sheet_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"intro" text NOT NULL,
	"offers" jsonb NOT NULL,
	"valid_on" date NOT NULL,
	"author_organisation_id" integer,
	"author_label" text NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offer_sheet_version_uq" UNIQUE("sector_id","version")
);
--> statement-breakpoint
CREATE TABLE "office_slot" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office_slot_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "office_slot_time_ck" CHECK (ends_at > starts_at)
);
--> statement-breakpoint
CREATE TABLE "vote_offer_sheet" (
	"vote_id" integer NOT NULL,
	"sheet_id" integer NOT NULL,
	"attached_by" text NOT NULL,
	CONSTRAINT "vote_offer_sheet_vote_id_sheet_id_pk" PRIMARY KEY("vote_id","sheet_id")
);
--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_slot_id_office_slot_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."office_slot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_member_id_household_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_case_id_advice_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."advice_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_sheet" ADD CONSTRAINT "offer_sheet_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_sheet" ADD CONSTRAINT "offer_sheet_author_organisation_id_organisation_id_fk" FOREIGN KEY ("author_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_slot" ADD CONSTRAINT "office_slot_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_slot" ADD CONSTRAINT "office_slot_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_offer_sheet" ADD CONSTRAINT "vote_offer_sheet_sheet_id_offer_sheet_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."offer_sheet"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_slot_uq" ON "appointment" USING btree ("slot_id") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE INDEX "appointment_household_idx" ON "appointment" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "offer_sheet_sector_idx" ON "offer_sheet" USING btree ("sector_id","status");--> statement-breakpoint
CREATE INDEX "office_slot_org_idx" ON "office_slot" USING btree ("organisation_id","starts_at");--> statement-breakpoint
CREATE INDEX "office_slot_starts_idx" ON "office_slot" USING btree ("programme_id","starts_at");--> statement-breakpoint
ALTER TABLE "office_slot" ADD CONSTRAINT "office_slot_facility_fk" FOREIGN KEY ("facility_id") REFERENCES "facility"("id");
--> statement-breakpoint
ALTER TABLE "offer_sheet" ADD CONSTRAINT "offer_sheet_sector_fk" FOREIGN KEY ("sector_id") REFERENCES "sector"("id");
--> statement-breakpoint
ALTER TABLE "vote_offer_sheet" ADD CONSTRAINT "vote_offer_sheet_vote_fk" FOREIGN KEY ("vote_id") REFERENCES "tenant_vote"("id");
--> statement-breakpoint
-- A published offer sheet is what tenants read: it never changes (a correction is a new version); it may only be
-- archived when a newer version is published.
CREATE FUNCTION offer_sheet_published_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF old.status IN ('published', 'archived') THEN
    IF tg_op = 'DELETE' OR new.status <> 'archived' OR new.title <> old.title OR new.intro <> old.intro
       OR new.offers <> old.offers OR new.valid_on <> old.valid_on OR new.version <> old.version THEN
      RAISE EXCEPTION 'offer_sheet_frozen: a published offer sheet never changes; write a new version';
    END IF;
  END IF;
  RETURN CASE WHEN tg_op = 'DELETE' THEN old ELSE new END;
END $$;
--> statement-breakpoint
CREATE TRIGGER offer_sheet_frozen BEFORE UPDATE OR DELETE ON offer_sheet
  FOR EACH ROW EXECUTE FUNCTION offer_sheet_published_frozen();
