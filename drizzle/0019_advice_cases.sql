CREATE TABLE "advice_case" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "advice_case_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"reference" text NOT NULL,
	"household_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"topic" text NOT NULL,
	"operator_id" integer,
	"operator_name" text,
	"summary" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"recovered_cents" integer DEFAULT 0 NOT NULL,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"opened_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advice_case_reference_uq" UNIQUE("programme_id","reference"),
	CONSTRAINT "advice_case_recovered_ck" CHECK (recovered_cents >= 0),
	CONSTRAINT "advice_case_status_ck" CHECK (status in ('open', 'waiting_operator', 'resolved', 'closed_no_result'))
);
--> statement-breakpoint
CREATE TABLE "advice_document" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "advice_document_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advice_document_size_ck" CHECK (size > 0 and size <= 10485760),
	CONSTRAINT "advice_document_type_ck" CHECK (media_type in ('application/pdf', 'image/jpeg', 'image/png'))
);
--> statement-breakpoint
CREATE TABLE "advice_entry" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "advice_entry_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"kind" text NOT NULL,
	"on" date NOT NULL,
	"body" text NOT NULL,
	"letter_id" integer,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advice_letter" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "advice_letter_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"template_id" integer,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"recipient" text NOT NULL,
	"generated_by" text NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_template" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "letter_template_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"name" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "letter_template_name_uq" UNIQUE("organisation_id","name")
);
--> statement-breakpoint
ALTER TABLE "advice_case" ADD CONSTRAINT "advice_case_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_case" ADD CONSTRAINT "advice_case_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_case" ADD CONSTRAINT "advice_case_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_case" ADD CONSTRAINT "advice_case_member_id_household_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_case" ADD CONSTRAINT "advice_case_operator_id_organisation_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_document" ADD CONSTRAINT "advice_document_case_id_advice_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."advice_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_entry" ADD CONSTRAINT "advice_entry_case_id_advice_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."advice_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_letter" ADD CONSTRAINT "advice_letter_case_id_advice_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."advice_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_letter" ADD CONSTRAINT "advice_letter_template_id_letter_template_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."letter_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_template" ADD CONSTRAINT "letter_template_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advice_case_organisation_idx" ON "advice_case" USING btree ("organisation_id","id");--> statement-breakpoint
CREATE INDEX "advice_case_household_idx" ON "advice_case" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "advice_case_stats_idx" ON "advice_case" USING btree ("programme_id","opened_on");--> statement-breakpoint
CREATE INDEX "advice_document_case_idx" ON "advice_document" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "advice_entry_case_idx" ON "advice_entry" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "advice_letter_case_idx" ON "advice_letter" USING btree ("case_id");