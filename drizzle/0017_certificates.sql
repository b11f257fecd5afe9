CREATE TABLE "certificate" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "certificate_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"level_id" integer NOT NULL,
	"code" text NOT NULL,
	"holder_name" text NOT NULL,
	"level_title" text NOT NULL,
	"framework_label" text NOT NULL,
	"competencies" jsonb NOT NULL,
	"issuer_organisation_id" integer,
	"issuer_name" text NOT NULL,
	"programme_name" text NOT NULL,
	"issued_on" date NOT NULL,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"revoke_reason" text,
	CONSTRAINT "certificate_code_unique" UNIQUE("code"),
	CONSTRAINT "certificate_code_ck" CHECK (code ~ '^P-[0-9A-HJKMNP-Z]{8}$')
);
--> statement-breakpoint
CREATE TABLE "certificate_issuer" (
	"programme_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"authorised_by" text NOT NULL,
	"authorised_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_issuer_programme_id_organisation_id_pk" PRIMARY KEY("programme_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "certificate_level" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "certificate_level_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"framework_id" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"required" text[] NOT NULL,
	CONSTRAINT "certificate_level_code_uq" UNIQUE("framework_id","code")
);
--> statement-breakpoint
CREATE TABLE "competency" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "competency_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"framework_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"area_title" text NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"observe" text NOT NULL,
	"position" smallint NOT NULL,
	"pix_refs" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "competency_code_uq" UNIQUE("framework_id","code")
);
--> statement-breakpoint
CREATE TABLE "competency_framework" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "competency_framework_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"version" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"kind" text NOT NULL,
	"published_on" date NOT NULL,
	CONSTRAINT "competency_framework_version_uq" UNIQUE("code","version")
);
--> statement-breakpoint
CREATE TABLE "signing_key" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "validation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "validation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"competency_id" integer NOT NULL,
	"validated_on" date NOT NULL,
	"session_id" integer,
	"observation" text,
	"note" text,
	"organisation_id" integer,
	"validated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" text,
	"withdraw_reason" text
);
--> statement-breakpoint
ALTER TABLE "programme" ADD COLUMN "certificate_auto_issue" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_member_id_household_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_level_id_certificate_level_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."certificate_level"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_issuer_organisation_id_organisation_id_fk" FOREIGN KEY ("issuer_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_issuer" ADD CONSTRAINT "certificate_issuer_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_issuer" ADD CONSTRAINT "certificate_issuer_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_level" ADD CONSTRAINT "certificate_level_framework_id_competency_framework_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."competency_framework"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency" ADD CONSTRAINT "competency_framework_id_competency_framework_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."competency_framework"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation" ADD CONSTRAINT "validation_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation" ADD CONSTRAINT "validation_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation" ADD CONSTRAINT "validation_member_id_household_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation" ADD CONSTRAINT "validation_competency_id_competency_id_fk" FOREIGN KEY ("competency_id") REFERENCES "public"."competency"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation" ADD CONSTRAINT "validation_session_id_workshop_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."workshop_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validation" ADD CONSTRAINT "validation_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_member_idx" ON "certificate" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "certificate_programme_idx" ON "certificate" USING btree ("programme_id","issued_on");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_live_uq" ON "certificate" USING btree ("member_id","level_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "validation_live_uq" ON "validation" USING btree ("member_id","competency_id") WHERE withdrawn_at is null;--> statement-breakpoint
CREATE INDEX "validation_member_idx" ON "validation" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "validation_session_idx" ON "validation" USING btree ("session_id");--> statement-breakpoint
-- The competency frameworks shipped with this version (src/certificates/frameworks.ts).
INSERT INTO competency_framework (code, version, title, description, kind, published_on) VALUES ('pim', '2026.1', 'Visa Internet — compétences de base (PIM)', 'Les premiers pas sur l’ordinateur et Internet, en cinq domaines, pour les personnes qui débutent.', 'certificate', '2026-09-01');
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-1', 'Utiliser un ordinateur', 'PIM-1.1', 'Allumer, éteindre et se connecter', 'La personne allume l’ordinateur, ouvre sa session et l’éteint correctement.', 1, ARRAY['5.2']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-1', 'Utiliser un ordinateur', 'PIM-1.2', 'Se servir de la souris et du clavier', 'La personne clique, double-clique, fait glisser et tape un texte court avec majuscules et accents.', 2, ARRAY['5.2']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-1', 'Utiliser un ordinateur', 'PIM-1.3', 'Ranger ses fichiers', 'La personne crée un dossier, y enregistre un fichier et le retrouve.', 3, ARRAY['1.2']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-2', 'Créer et utiliser un document', 'PIM-2.1', 'Écrire un texte simple', 'La personne écrit, corrige et enregistre une lettre courte.', 4, ARRAY['3.1']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-2', 'Créer et utiliser un document', 'PIM-2.2', 'Imprimer ou enregistrer en PDF', 'La personne imprime un document ou l’enregistre en PDF.', 5, ARRAY['3.3']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-2', 'Créer et utiliser un document', 'PIM-2.3', 'Ajouter une photo', 'La personne insère ou joint une photo prise avec son téléphone.', 6, ARRAY['3.2']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-3', 'Utiliser les services d’Internet', 'PIM-3.1', 'Ouvrir un site et y naviguer', 'La personne ouvre le navigateur, tape une adresse, suit des liens et revient en arrière.', 7, ARRAY['1.1']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-3', 'Utiliser les services d’Internet', 'PIM-3.2', 'Chercher une information', 'La personne trouve une information simple avec un moteur de recherche (horaires, adresse).', 8, ARRAY['1.1']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-3', 'Utiliser les services d’Internet', 'PIM-3.3', 'Faire une démarche en ligne', 'La personne se connecte à un service public en ligne et consulte un document.', 9, ARRAY['2.4']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-4', 'Communiquer sur Internet', 'PIM-4.1', 'Lire et envoyer un e-mail', 'La personne ouvre sa messagerie, lit un message et répond.', 10, ARRAY['2.1']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-4', 'Communiquer sur Internet', 'PIM-4.2', 'Envoyer une pièce jointe', 'La personne joint un fichier à un e-mail et l’envoie.', 11, ARRAY['2.2']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-4', 'Communiquer sur Internet', 'PIM-4.3', 'Faire un appel vidéo', 'La personne passe un appel vidéo à un proche.', 12, ARRAY['2.1']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-5', 'Connaître ses droits et les règles d’usage', 'PIM-5.1', 'Choisir et garder un mot de passe', 'La personne crée un mot de passe solide et sait où le garder.', 13, ARRAY['4.1']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-5', 'Connaître ses droits et les règles d’usage', 'PIM-5.2', 'Reconnaître une arnaque', 'La personne repère un faux message (hameçonnage) et ne clique pas.', 14, ARRAY['4.1', '4.2']::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'PIM-5', 'Connaître ses droits et les règles d’usage', 'PIM-5.3', 'Protéger sa vie privée', 'La personne sait ce qu’elle publie, règle qui voit ses informations et connaît ses droits.', 15, ARRAY['4.2']::text[]);
--> statement-breakpoint
INSERT INTO certificate_level (framework_id, code, title, description, required) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'visa-decouverte', 'Visa Internet — découverte', 'Utiliser un ordinateur et les services d’Internet.', ARRAY['PIM-1.1', 'PIM-1.2', 'PIM-3.1', 'PIM-3.2']::text[]);
--> statement-breakpoint
INSERT INTO certificate_level (framework_id, code, title, description, required) VALUES ((SELECT id FROM competency_framework WHERE code = 'pim' AND version = '2026.1'), 'visa-internet', 'Visa Internet', 'Les compétences de base des cinq domaines.', ARRAY['PIM-1.1', 'PIM-1.2', 'PIM-1.3', 'PIM-2.1', 'PIM-3.1', 'PIM-3.2', 'PIM-3.3', 'PIM-4.1', 'PIM-4.2', 'PIM-5.1', 'PIM-5.2']::text[]);
--> statement-breakpoint
INSERT INTO competency_framework (code, version, title, description, kind, published_on) VALUES ('pix', '2024', 'Référentiel Pix (cadre de référence des compétences numériques)', 'Le référentiel national : 16 compétences en 5 domaines, évaluées et certifiées par Pix.', 'reference', '2024-01-01');
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '1', 'Informations et données', '1.1', 'Mener une recherche et une veille d’information', 'Référence Pix.', 1, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '1', 'Informations et données', '1.2', 'Gérer des données', 'Référence Pix.', 2, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '1', 'Informations et données', '1.3', 'Traiter des données', 'Référence Pix.', 3, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '2', 'Communication et collaboration', '2.1', 'Interagir', 'Référence Pix.', 4, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '2', 'Communication et collaboration', '2.2', 'Partager et publier', 'Référence Pix.', 5, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '2', 'Communication et collaboration', '2.3', 'Collaborer', 'Référence Pix.', 6, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '2', 'Communication et collaboration', '2.4', 'S’insérer dans le monde numérique', 'Référence Pix.', 7, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '3', 'Création de contenus', '3.1', 'Développer des documents textuels', 'Référence Pix.', 8, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '3', 'Création de contenus', '3.2', 'Développer des documents multimédia', 'Référence Pix.', 9, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '3', 'Création de contenus', '3.3', 'Adapter les documents à leur finalité', 'Référence Pix.', 10, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '3', 'Création de contenus', '3.4', 'Programmer', 'Référence Pix.', 11, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '4', 'Protection et sécurité', '4.1', 'Sécuriser l’environnement numérique', 'Référence Pix.', 12, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '4', 'Protection et sécurité', '4.2', 'Protéger les données personnelles et la vie privée', 'Référence Pix.', 13, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '4', 'Protection et sécurité', '4.3', 'Protéger la santé, le bien-être et l’environnement', 'Référence Pix.', 14, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '5', 'Environnement numérique', '5.1', 'Résoudre des problèmes techniques', 'Référence Pix.', 15, ARRAY[]::text[]);
--> statement-breakpoint
INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES ((SELECT id FROM competency_framework WHERE code = 'pix' AND version = '2024'), '5', 'Environnement numérique', '5.2', 'Construire un environnement numérique', 'Référence Pix.', 16, ARRAY[]::text[]);
--> statement-breakpoint
-- A shipped framework version never changes: certificates issued under it keep meaning what they said.
CREATE FUNCTION framework_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'framework_frozen: a shipped framework version never changes; ship a new version';
END $$;
--> statement-breakpoint
CREATE TRIGGER competency_framework_frozen BEFORE UPDATE OR DELETE ON competency_framework
  FOR EACH ROW EXECUTE FUNCTION framework_frozen();
--> statement-breakpoint
CREATE TRIGGER competency_frozen BEFORE UPDATE OR DELETE ON competency
  FOR EACH ROW EXECUTE FUNCTION framework_frozen();
--> statement-breakpoint
CREATE TRIGGER certificate_level_frozen BEFORE UPDATE OR DELETE ON certificate_level
  FOR EACH ROW EXECUTE FUNCTION framework_frozen();
