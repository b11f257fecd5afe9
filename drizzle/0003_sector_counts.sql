ALTER TABLE "sector" ADD COLUMN "building_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sector" ADD COLUMN "dwelling_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing sectors get their counts once; from now on every write path keeps them.
UPDATE sector s SET
  building_count = (SELECT count(*) FROM building b WHERE b.sector_id = s.id),
  dwelling_count = (SELECT count(*) FROM dwelling d WHERE d.sector_id = s.id);
