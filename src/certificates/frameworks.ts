// The competency frameworks Palier ships, as dated, versioned data. The migration that creates a version inserts
// exactly this (a test compares them); a version is never edited — a change is a new version.

export interface CompetencyData {
  code: string;
  title: string;
  observe: string;
  pixRefs: string[];
}
export interface AreaData {
  code: string;
  title: string;
  competencies: CompetencyData[];
}
export interface LevelData {
  code: string;
  title: string;
  description: string;
  required: string[];
}
export interface FrameworkData {
  code: string;
  version: string;
  title: string;
  description: string;
  kind: 'certificate' | 'reference';
  publishedOn: string;
  areas: AreaData[];
  levels: LevelData[];
}

const c = (code: string, title: string, observe: string, pixRefs: string[] = []): CompetencyData => ({
  code,
  title,
  observe,
  pixRefs,
});

/** The PIM's five areas broken into beginner competencies: what the Visa Internet validates. */
export const pim2026: FrameworkData = {
  code: 'pim',
  version: '2026.1',
  title: 'Visa Internet — compétences de base (PIM)',
  description:
    'Les premiers pas sur l’ordinateur et Internet, en cinq domaines, pour les personnes qui débutent.',
  kind: 'certificate',
  publishedOn: '2026-09-01',
  areas: [
    {
      code: 'PIM-1',
      title: 'Utiliser un ordinateur',
      competencies: [
        c(
          'PIM-1.1',
          'Allumer, éteindre et se connecter',
          'La personne allume l’ordinateur, ouvre sa session et l’éteint correctement.',
          ['5.2'],
        ),
        c(
          'PIM-1.2',
          'Se servir de la souris et du clavier',
          'La personne clique, double-clique, fait glisser et tape un texte court avec majuscules et accents.',
          ['5.2'],
        ),
        c(
          'PIM-1.3',
          'Ranger ses fichiers',
          'La personne crée un dossier, y enregistre un fichier et le retrouve.',
          ['1.2'],
        ),
      ],
    },
    {
      code: 'PIM-2',
      title: 'Créer et utiliser un document',
      competencies: [
        c(
          'PIM-2.1',
          'Écrire un texte simple',
          'La personne écrit, corrige et enregistre une lettre courte.',
          ['3.1'],
        ),
        c(
          'PIM-2.2',
          'Imprimer ou enregistrer en PDF',
          'La personne imprime un document ou l’enregistre en PDF.',
          ['3.3'],
        ),
        c('PIM-2.3', 'Ajouter une photo', 'La personne insère ou joint une photo prise avec son téléphone.', [
          '3.2',
        ]),
      ],
    },
    {
      code: 'PIM-3',
      title: 'Utiliser les services d’Internet',
      competencies: [
        c(
          'PIM-3.1',
          'Ouvrir un site et y naviguer',
          'La personne ouvre le navigateur, tape une adresse, suit des liens et revient en arrière.',
          ['1.1'],
        ),
        c(
          'PIM-3.2',
          'Chercher une information',
          'La personne trouve une information simple avec un moteur de recherche (horaires, adresse).',
          ['1.1'],
        ),
        c(
          'PIM-3.3',
          'Faire une démarche en ligne',
          'La personne se connecte à un service public en ligne et consulte un document.',
          ['2.4'],
        ),
      ],
    },
    {
      code: 'PIM-4',
      title: 'Communiquer sur Internet',
      competencies: [
        c(
          'PIM-4.1',
          'Lire et envoyer un e-mail',
          'La personne ouvre sa messagerie, lit un message et répond.',
          ['2.1'],
        ),
        c('PIM-4.2', 'Envoyer une pièce jointe', 'La personne joint un fichier à un e-mail et l’envoie.', [
          '2.2',
        ]),
        c('PIM-4.3', 'Faire un appel vidéo', 'La personne passe un appel vidéo à un proche.', ['2.1']),
      ],
    },
    {
      code: 'PIM-5',
      title: 'Connaître ses droits et les règles d’usage',
      competencies: [
        c(
          'PIM-5.1',
          'Choisir et garder un mot de passe',
          'La personne crée un mot de passe solide et sait où le garder.',
          ['4.1'],
        ),
        c(
          'PIM-5.2',
          'Reconnaître une arnaque',
          'La personne repère un faux message (hameçonnage) et ne clique pas.',
          ['4.1', '4.2'],
        ),
        c(
          'PIM-5.3',
          'Protéger sa vie privée',
          'La personne sait ce qu’elle publie, règle qui voit ses informations et connaît ses droits.',
          ['4.2'],
        ),
      ],
    },
  ],
  levels: [
    {
      code: 'visa-decouverte',
      title: 'Visa Internet — découverte',
      description: 'Utiliser un ordinateur et les services d’Internet.',
      required: ['PIM-1.1', 'PIM-1.2', 'PIM-3.1', 'PIM-3.2'],
    },
    {
      code: 'visa-internet',
      title: 'Visa Internet',
      description: 'Les compétences de base des cinq domaines.',
      required: [
        'PIM-1.1',
        'PIM-1.2',
        'PIM-1.3',
        'PIM-2.1',
        'PIM-3.1',
        'PIM-3.2',
        'PIM-3.3',
        'PIM-4.1',
        'PIM-4.2',
        'PIM-5.1',
        'PIM-5.2',
      ],
    },
  ],
};

/** The public Pix reference (16 competencies in 5 domains) that residents can go on to. */
export const pix2024: FrameworkData = {
  code: 'pix',
  version: '2024',
  title: 'Référentiel Pix (cadre de référence des compétences numériques)',
  description: 'Le référentiel national : 16 compétences en 5 domaines, évaluées et certifiées par Pix.',
  kind: 'reference',
  publishedOn: '2024-01-01',
  areas: [
    {
      code: '1',
      title: 'Informations et données',
      competencies: [
        c('1.1', 'Mener une recherche et une veille d’information', 'Référence Pix.'),
        c('1.2', 'Gérer des données', 'Référence Pix.'),
        c('1.3', 'Traiter des données', 'Référence Pix.'),
      ],
    },
    {
      code: '2',
      title: 'Communication et collaboration',
      competencies: [
        c('2.1', 'Interagir', 'Référence Pix.'),
        c('2.2', 'Partager et publier', 'Référence Pix.'),
        c('2.3', 'Collaborer', 'Référence Pix.'),
        c('2.4', 'S’insérer dans le monde numérique', 'Référence Pix.'),
      ],
    },
    {
      code: '3',
      title: 'Création de contenus',
      competencies: [
        c('3.1', 'Développer des documents textuels', 'Référence Pix.'),
        c('3.2', 'Développer des documents multimédia', 'Référence Pix.'),
        c('3.3', 'Adapter les documents à leur finalité', 'Référence Pix.'),
        c('3.4', 'Programmer', 'Référence Pix.'),
      ],
    },
    {
      code: '4',
      title: 'Protection et sécurité',
      competencies: [
        c('4.1', 'Sécuriser l’environnement numérique', 'Référence Pix.'),
        c('4.2', 'Protéger les données personnelles et la vie privée', 'Référence Pix.'),
        c('4.3', 'Protéger la santé, le bien-être et l’environnement', 'Référence Pix.'),
      ],
    },
    {
      code: '5',
      title: 'Environnement numérique',
      competencies: [
        c('5.1', 'Résoudre des problèmes techniques', 'Référence Pix.'),
        c('5.2', 'Construire un environnement numérique', 'Référence Pix.'),
      ],
    },
  ],
  levels: [],
};

export const shippedFrameworks: readonly FrameworkData[] = [pim2026, pix2024];

/** The SQL that inserts a framework version (used to write its migration; a test checks the database holds it). */
export function frameworkSql(f: FrameworkData): string {
  const q = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const arr = (v: string[]) => `ARRAY[${v.map(q).join(', ')}]::text[]`;
  const fw = `(SELECT id FROM competency_framework WHERE code = ${q(f.code)} AND version = ${q(f.version)})`;
  const lines = [
    `INSERT INTO competency_framework (code, version, title, description, kind, published_on) VALUES (${q(f.code)}, ${q(f.version)}, ${q(f.title)}, ${q(f.description)}, ${q(f.kind)}, ${q(f.publishedOn)});`,
  ];
  let position = 0;
  for (const area of f.areas)
    for (const k of area.competencies)
      lines.push(
        `INSERT INTO competency (framework_id, area_code, area_title, code, title, observe, position, pix_refs) VALUES (${fw}, ${q(area.code)}, ${q(area.title)}, ${q(k.code)}, ${q(k.title)}, ${q(k.observe)}, ${++position}, ${arr(k.pixRefs)});`,
      );
  for (const l of f.levels)
    lines.push(
      `INSERT INTO certificate_level (framework_id, code, title, description, required) VALUES (${fw}, ${q(l.code)}, ${q(l.title)}, ${q(l.description)}, ${arr(l.required)});`,
    );
  return lines.join('\n--> statement-breakpoint\n');
}
