CREATE TABLE "device" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "device_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"centre_id" integer NOT NULL,
	"reference" text NOT NULL,
	"kind" text NOT NULL,
	"bundle" boolean DEFAULT false NOT NULL,
	"make" text NOT NULL,
	"model" text NOT NULL,
	"cpu" text NOT NULL,
	"ram_gb" smallint NOT NULL,
	"storage_gb" integer NOT NULL,
	"os" text NOT NULL,
	"grade" text NOT NULL,
	"serial" text NOT NULL,
	"donor" text,
	"received_on" date NOT NULL,
	"tier" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"recycled_reason" text,
	"erasure_method" text,
	"erasure_on" date,
	"erasure_by" text,
	"erasure_result" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_reference_uq" UNIQUE("programme_id","reference"),
	CONSTRAINT "device_serial_uq" UNIQUE("programme_id","serial"),
	CONSTRAINT "device_kind_ck" CHECK (kind in ('desktop', 'laptop')),
	CONSTRAINT "device_erasure_ck" CHECK (status not in ('ready', 'reserved', 'handed_over') or coalesce(erasure_result, '') = 'passed')
);
--> statement-breakpoint
CREATE TABLE "device_order" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "device_order_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"device_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"reserved_by_org" integer,
	"reserved_by" text NOT NULL,
	"price_cents" integer NOT NULL,
	"status" text DEFAULT 'reserved' NOT NULL,
	"reserved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handed_over_at" timestamp with time zone,
	"handover_mode" text,
	"warranty_until" date,
	CONSTRAINT "device_order_price_ck" CHECK (price_cents > 0)
);
--> statement-breakpoint
CREATE TABLE "device_payment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "device_payment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"order_id" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	"method" text NOT NULL,
	"paid_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_by" text NOT NULL,
	CONSTRAINT "device_payment_amount_ck" CHECK (amount_cents > 0),
	CONSTRAINT "device_payment_method_ck" CHECK (method in ('cash', 'cheque', 'card'))
);
--> statement-breakpoint
CREATE TABLE "price_tier" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "price_tier_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"tier" text NOT NULL,
	"label" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"effective_from" date NOT NULL,
	CONSTRAINT "price_tier_from_uq" UNIQUE("programme_id","tier","effective_from"),
	CONSTRAINT "price_tier_amount_ck" CHECK (amount_cents > 0)
);
--> statement-breakpoint
CREATE TABLE "device_waiting_entry" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "device_waiting_entry_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"tier" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"offered_device_id" integer,
	"offered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_warranty_ticket" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "device_warranty_ticket_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"order_id" integer NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fault" text NOT NULL,
	"diagnosis" text,
	"outcome" text,
	"closed_at" timestamp with time zone,
	"opened_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device" ADD CONSTRAINT "device_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device" ADD CONSTRAINT "device_centre_id_organisation_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_order" ADD CONSTRAINT "device_order_device_id_device_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."device"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_order" ADD CONSTRAINT "device_order_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_payment" ADD CONSTRAINT "device_payment_order_id_device_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."device_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_tier" ADD CONSTRAINT "price_tier_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_waiting_entry" ADD CONSTRAINT "device_waiting_entry_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_waiting_entry" ADD CONSTRAINT "device_waiting_entry_offered_device_id_device_id_fk" FOREIGN KEY ("offered_device_id") REFERENCES "public"."device"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_warranty_ticket" ADD CONSTRAINT "device_warranty_ticket_order_id_device_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."device_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_status_idx" ON "device" USING btree ("programme_id","status","tier","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "device_order_live_uq" ON "device_order" USING btree ("device_id") WHERE status in ('reserved', 'handed_over');--> statement-breakpoint
CREATE INDEX "device_order_household_idx" ON "device_order" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "device_order_programme_idx" ON "device_order" USING btree ("programme_id","status","id");--> statement-breakpoint
CREATE INDEX "device_payment_order_idx" ON "device_payment" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "device_waiting_live_uq" ON "device_waiting_entry" USING btree ("household_id") WHERE status in ('waiting', 'offered');--> statement-breakpoint
CREATE INDEX "device_waiting_queue_idx" ON "device_waiting_entry" USING btree ("programme_id","tier","kind","status","id");--> statement-breakpoint
CREATE INDEX "device_warranty_order_idx" ON "device_warranty_ticket" USING btree ("order_id");