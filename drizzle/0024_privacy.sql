CREATE TABLE "erasure" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erasure_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer,
	"cause" text NOT NULL,
	"requested_on" date,
	"performed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_label" text NOT NULL,
	"summary" jsonb,
	CONSTRAINT "erasure_cause_ck" CHECK (cause in ('request', 'retention'))
);
--> statement-breakpoint
CREATE TABLE "retention_run" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "retention_run_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"dry_run" boolean NOT NULL,
	"actor_label" text NOT NULL,
	"summary" jsonb
);
--> statement-breakpoint
CREATE TABLE "retention_setting" (
	"programme_id" integer NOT NULL,
	"kind" text NOT NULL,
	"active_months" integer NOT NULL,
	"archive_months" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_setting_programme_id_kind_pk" PRIMARY KEY("programme_id","kind"),
	CONSTRAINT "retention_setting_months_ck" CHECK (active_months between 0 and 1200 and archive_months between 0 and 1200)
);
--> statement-breakpoint
ALTER TABLE "household" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "household" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "erasure" ADD CONSTRAINT "erasure_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_run" ADD CONSTRAINT "retention_run_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_setting" ADD CONSTRAINT "retention_setting_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "erasure_programme_idx" ON "erasure" USING btree ("programme_id","performed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "retention_run_programme_idx" ON "retention_run" USING btree ("programme_id","started_at" DESC NULLS LAST);