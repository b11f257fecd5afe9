ALTER TABLE "device_order" ADD COLUMN "warranty_months" smallint;--> statement-breakpoint
ALTER TABLE "device_order" ADD COLUMN "erasure_proof" text;--> statement-breakpoint
ALTER TABLE "device_order" ADD COLUMN "refunded_cents" integer DEFAULT 0 NOT NULL;