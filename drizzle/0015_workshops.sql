CREATE TABLE "notification" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notification_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"organisation_id" integer,
	"household_id" integer,
	"member_id" integer,
	"channel" text NOT NULL,
	"recipient_name" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"topic" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"subject_ref" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"provider_id" text,
	"sent_at" timestamp with time zone,
	"handled_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_dedupe_uq" UNIQUE("programme_id","dedupe_key"),
	CONSTRAINT "notification_channel_ck" CHECK (channel in ('email', 'sms', 'call', 'letter')),
	CONSTRAINT "notification_status_ck" CHECK (status in ('pending', 'sending', 'sent', 'done', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "attendance" (
	"session_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"present" boolean NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_session_id_registration_id_pk" PRIMARY KEY("session_id","registration_id")
);
--> statement-breakpoint
CREATE TABLE "course" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "course_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"level" text NOT NULL,
	"audience" text NOT NULL,
	"description" text NOT NULL,
	"session_count" smallint NOT NULL,
	"competencies" text[] DEFAULT '{}'::text[] NOT NULL,
	"capacity" smallint NOT NULL,
	"seats_taken" smallint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_kind_ck" CHECK (kind in ('cycle', 'drop_in')),
	CONSTRAINT "course_seats_ck" CHECK (capacity > 0 and seats_taken >= 0 and seats_taken <= capacity),
	CONSTRAINT "course_sessions_ck" CHECK (session_count between 1 and 52)
);
--> statement-breakpoint
CREATE TABLE "facility" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "facility_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"organisation_id" integer,
	"external_id" text NOT NULL,
	"pivot" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"address_complement" text,
	"postcode" text NOT NULL,
	"commune" text NOT NULL,
	"insee_code" text,
	"latitude" double precision,
	"longitude" double precision,
	"typology" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone" text,
	"emails" text[] DEFAULT '{}'::text[] NOT NULL,
	"websites" text[] DEFAULT '{}'::text[] NOT NULL,
	"opening_hours" text,
	"summary" text,
	"description" text,
	"source" text,
	"mobility" text[] DEFAULT '{}'::text[] NOT NULL,
	"parent" text,
	"updated_on" date NOT NULL,
	"services" text[] DEFAULT '{}'::text[] NOT NULL,
	"publics" text[] DEFAULT '{}'::text[] NOT NULL,
	"special_support" text[] DEFAULT '{}'::text[] NOT NULL,
	"fees" text[] DEFAULT '{}'::text[] NOT NULL,
	"national_programmes" text[] DEFAULT '{}'::text[] NOT NULL,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"other_labels" text,
	"access_modes" text[] DEFAULT '{}'::text[] NOT NULL,
	"support_modes" text[] DEFAULT '{}'::text[] NOT NULL,
	"accessibility_url" text,
	"booking_url" text,
	"accessibility" text,
	"wheelchair_accessible" boolean,
	"computers" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facility_external_uq" UNIQUE("programme_id","external_id"),
	CONSTRAINT "facility_postcode_ck" CHECK (postcode ~ '^[0-9]{5}$'),
	CONSTRAINT "facility_computers_ck" CHECK (computers >= 0)
);
--> statement-breakpoint
CREATE TABLE "participant_calendar" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"programme_id" integer NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participant_calendar_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "registration" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registration_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"session_id" integer,
	"household_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"status" text NOT NULL,
	"reminder_channel" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"promoted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "registration_status_ck" CHECK (status in ('registered', 'waiting', 'cancelled')),
	CONSTRAINT "registration_channel_ck" CHECK (reminder_channel in ('sms', 'call', 'letter', 'email'))
);
--> statement-breakpoint
CREATE TABLE "room" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "room_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"facility_id" integer NOT NULL,
	"name" text NOT NULL,
	"seats" smallint NOT NULL,
	"computers" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "room_name_uq" UNIQUE("facility_id","name"),
	CONSTRAINT "room_seats_ck" CHECK (seats > 0 and computers >= 0)
);
--> statement-breakpoint
CREATE TABLE "workshop_session" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workshop_session_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	"room_id" integer,
	"facilitator_name" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" smallint NOT NULL,
	"seats_taken" smallint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"cancelled_reason" text,
	"sequence" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_session_time_ck" CHECK (ends_at > starts_at),
	CONSTRAINT "workshop_session_seats_ck" CHECK (capacity > 0 and seats_taken >= 0 and seats_taken <= capacity)
);
--> statement-breakpoint
ALTER TABLE "activation_request" ADD COLUMN "install_outcome" text;--> statement-breakpoint
ALTER TABLE "activation_request" ADD COLUMN "install_outcome_note" text;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_session_id_workshop_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."workshop_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course" ADD CONSTRAINT "course_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course" ADD CONSTRAINT "course_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility" ADD CONSTRAINT "facility_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility" ADD CONSTRAINT "facility_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_calendar" ADD CONSTRAINT "participant_calendar_member_id_household_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_course_id_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_session_id_workshop_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."workshop_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_member_id_household_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room" ADD CONSTRAINT "room_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_session" ADD CONSTRAINT "workshop_session_course_id_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_session" ADD CONSTRAINT "workshop_session_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_session" ADD CONSTRAINT "workshop_session_room_id_room_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."room"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_due_idx" ON "notification" USING btree ("channel","next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "notification_organisation_idx" ON "notification" USING btree ("organisation_id","status","id");--> statement-breakpoint
CREATE INDEX "notification_household_idx" ON "notification" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "notification_subject_idx" ON "notification" USING btree ("subject_ref");--> statement-breakpoint
CREATE INDEX "attendance_registration_idx" ON "attendance" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "course_facility_idx" ON "course" USING btree ("facility_id","id");--> statement-breakpoint
CREATE INDEX "facility_organisation_idx" ON "facility" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_cycle_member_uq" ON "registration" USING btree ("course_id","member_id") WHERE session_id is null and status <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "registration_session_member_uq" ON "registration" USING btree ("session_id","member_id") WHERE session_id is not null and status <> 'cancelled';--> statement-breakpoint
CREATE INDEX "registration_course_idx" ON "registration" USING btree ("course_id","status","id");--> statement-breakpoint
CREATE INDEX "registration_session_idx" ON "registration" USING btree ("session_id","status","id");--> statement-breakpoint
CREATE INDEX "registration_household_idx" ON "registration" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "workshop_session_facility_idx" ON "workshop_session" USING btree ("facility_id","starts_at");--> statement-breakpoint
CREATE INDEX "workshop_session_course_idx" ON "workshop_session" USING btree ("course_id","starts_at");--> statement-breakpoint
CREATE INDEX "workshop_session_starts_idx" ON "workshop_session" USING btree ("starts_at");--> statement-breakpoint
-- Seats are counted by the database: a registration that is (or stops being) 'registered' moves the counter of its
-- cycle (session_id null) or drop-in session, and the check constraints refuse a counter above the capacity.
CREATE FUNCTION registration_seats() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta int := 0;
  r registration;
BEGIN
  IF tg_op = 'UPDATE' THEN
    IF new.course_id <> old.course_id OR new.session_id IS DISTINCT FROM old.session_id
       OR new.member_id <> old.member_id THEN
      RAISE EXCEPTION 'registration_frozen: a registration keeps its course, session and person';
    END IF;
    IF old.status = 'cancelled' AND new.status <> 'cancelled' THEN
      RAISE EXCEPTION 'registration_cancelled: a cancelled registration stays cancelled';
    END IF;
    delta := (new.status = 'registered')::int - (old.status = 'registered')::int;
    r := new;
  ELSIF tg_op = 'INSERT' THEN
    delta := (new.status = 'registered')::int;
    r := new;
  ELSE
    delta := -(old.status = 'registered')::int;
    r := old;
  END IF;
  IF delta <> 0 THEN
    IF r.session_id IS NULL THEN
      UPDATE course SET seats_taken = seats_taken + delta WHERE id = r.course_id;
    ELSE
      UPDATE workshop_session SET seats_taken = seats_taken + delta WHERE id = r.session_id;
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER registration_seats AFTER INSERT OR UPDATE OR DELETE ON registration
  FOR EACH ROW EXECUTE FUNCTION registration_seats();
