// What a sector needs before the coordinator moves it to a stage: checklists as dated data. Automatic items are
// computed from what Palier knows (positions, meetings, readiness, votes); manual items are ticked by the coordinator.
import type { RolloutStage } from '../territory/index.ts';
import type { Readiness } from './model.ts';

/** What Palier knows about a sector, from which automatic items are decided. */
export interface SectorFacts {
  stage: RolloutStage;
  /** Kinds of partners with a recorded position that agrees. */
  agreeingKinds: string[];
  /** A partner gave an opinion « against ». */
  anyAgainst: boolean;
  /** Kinds whose agreement the stage « partners consulted » needs (setting). */
  requiredConsultees: string[];
  meetings: number;
  /** A partner agreed to host workshops. */
  workshopHost: boolean;
  readiness: Readiness | null;
  /** Manual items already ticked. */
  ticked: string[];
}

/** The facts Palier establishes by itself, by name: a checklist's automatic items say which one they need. */
export const automaticFacts = {
  meeting_held: (f: SectorFacts) => f.meetings > 0,
  required_positions: (f: SectorFacts) => f.requiredConsultees.every((k) => f.agreeingKinds.includes(k)),
  no_opposition: (f: SectorFacts) => !f.anyAgainst,
  facility_nearby: (f: SectorFacts) => readinessCheck(f, 'facility_nearby'),
  workshop_capacity: (f: SectorFacts) => readinessCheck(f, 'capacity'),
  workshop_host: (f: SectorFacts) => f.workshopHost,
} satisfies Record<string, (facts: SectorFacts) => boolean>;
export type AutomaticFact = keyof typeof automaticFacts;

/** An item: established by Palier (`auto`, the fact of the same key) or ticked by the coordinator (`manual`). */
export type ChecklistItem =
  | { key: string; label: string; kind: 'manual' }
  | { key: AutomaticFact; label: string; kind: 'auto' };

export interface Checklist {
  version: string;
  /** The first day this version applies (ISO date). */
  from: string;
  /** The items to have before reaching a stage by decision. Stages absent here are reached by events only. */
  stages: Partial<Record<RolloutStage, ChecklistItem[]>>;
}

function readinessCheck(facts: SectorFacts, key: string) {
  return facts.readiness?.checks.find((c) => c.key === key)?.ok ?? false;
}

export const checklists: Checklist[] = [
  {
    version: '2026.1',
    from: '2011-01-01',
    stages: {
      partners_consulted: [
        {
          key: 'meeting_held',
          label: 'Une réunion avec les acteurs du quartier a eu lieu',
          kind: 'auto',
        },
        {
          key: 'required_positions',
          label: 'Le lieu de médiation et les représentants des locataires ont donné leur accord',
          kind: 'auto',
        },
        {
          key: 'no_opposition',
          label: 'Aucun partenaire n’est contre',
          kind: 'auto',
        },
        {
          key: 'tenants_informed',
          label: 'Les locataires ont été informés (affiches, réunion)',
          kind: 'manual',
        },
      ],
      support_ready: [
        {
          key: 'facility_nearby',
          label: 'Un lieu d’ateliers est à distance de marche',
          kind: 'auto',
        },
        {
          key: 'workshop_capacity',
          label: 'Les places d’ateliers suffisent pour la demande attendue',
          kind: 'auto',
        },
        {
          key: 'workshop_host',
          label: 'Un partenaire s’est engagé à accueillir des ateliers',
          kind: 'auto',
        },
        { key: 'home_help', label: 'L’aide à l’installation à domicile est organisée', kind: 'manual' },
      ],
      works: [
        { key: 'operator_order', label: 'La commande est passée à l’opérateur', kind: 'manual' },
        {
          key: 'works_schedule',
          label: 'Le calendrier des travaux est connu des locataires',
          kind: 'manual',
        },
      ],
      evaluated: [
        {
          key: 'evaluation_report',
          label: 'Le bilan est rédigé et présenté au comité de pilotage',
          kind: 'manual',
        },
      ],
    },
  },
];

/** The checklist version in force on a day. */
export function checklistOn(day: string): Checklist {
  const found = [...checklists].reverse().find((c) => c.from <= day);
  if (!found) throw new Error(`no checklist in force on ${day}`);
  return found;
}

export interface ChecklistState {
  stage: RolloutStage;
  items: { key: string; label: string; kind: 'manual' | 'auto'; done: boolean }[];
  missing: string[];
  complete: boolean;
}

/** Where a sector stands against the checklist of a stage. */
export function checklistState(
  checklist: Checklist,
  stage: RolloutStage,
  facts: SectorFacts,
): ChecklistState {
  const items = (checklist.stages[stage] ?? []).map((item) => ({
    key: item.key,
    label: item.label,
    kind: item.kind,
    done: item.kind === 'auto' ? automaticFacts[item.key](facts) : facts.ticked.includes(item.key),
  }));
  const missing = items.filter((i) => !i.done).map((i) => i.label);
  return { stage, items, missing, complete: missing.length === 0 };
}

/** The manual items of a checklist version, by key (to refuse ticking an item that does not exist). */
export const manualItems = (checklist: Checklist) =>
  new Map(
    Object.values(checklist.stages)
      .flat()
      .filter((i) => i.kind === 'manual')
      .map((i) => [i.key, i.label]),
  );
