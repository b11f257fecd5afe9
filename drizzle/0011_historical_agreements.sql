ALTER TABLE "collective_agreement" ALTER COLUMN "vote_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "collective_agreement" ADD COLUMN "recorded_from" text;--> statement-breakpoint
ALTER TABLE "collective_agreement" ADD CONSTRAINT "collective_agreement_source_ck" CHECK (vote_id is not null or recorded_from is not null);