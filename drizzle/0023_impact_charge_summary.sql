CREATE TABLE "impact_charge_summary" (
	"programme_id" integer NOT NULL,
	"month" date NOT NULL,
	"sector_id" integer NOT NULL,
	"lines" integer NOT NULL,
	"cents" bigint NOT NULL,
	CONSTRAINT "impact_charge_summary_programme_id_month_sector_id_pk" PRIMARY KEY("programme_id","month","sector_id")
);
