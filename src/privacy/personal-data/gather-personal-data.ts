// Everything Palier holds on one household, gathered from every module's own function (each module reads only its
// tables) into one document with stable keys: the JSON export (GDPR art. 20), the PDF (art. 15), the page's summary,
// and what the erasure must find again in the audit trail.
import { sql } from 'drizzle-orm';
import { accessPersonalData } from '../../access/index.ts';
import { advicePersonalData } from '../../advice/index.ts';
import { certificatesPersonalData } from '../../certificates/index.ts';
import { equipmentPersonalData } from '../../equipment/index.ts';
import { type HouseholdPersonalData, householdPersonalData } from '../../households/index.ts';
import { impactPersonalData } from '../../impact/index.ts';
import { notificationsPersonalData } from '../../notifications/index.ts';
import { householdAccountsPersonalData } from '../../partners/index.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { householdVotesPersonalData } from '../../votes/index.ts';
import { workshopsPersonalData } from '../../workshops/index.ts';

/** The format's name and version, written in every export (a new version if a key changes meaning). */
export const personalDataFormat = { name: 'palier-personal-data', version: 1 } as const;

/** The modules' parts, in the order of the document, with their heading in plain French (PDF and page). */
export const personalDataModules = [
  { key: 'household', title: 'Le foyer' },
  { key: 'accounts', title: 'Comptes pour se connecter à Palier' },
  { key: 'votes', title: 'Consultations des locataires' },
  { key: 'access', title: 'Accès à Internet et charges' },
  { key: 'equipment', title: 'Ordinateurs' },
  { key: 'notifications', title: 'Messages envoyés' },
  { key: 'workshops', title: 'Ateliers' },
  { key: 'certificates', title: 'Compétences et Visa Internet' },
  { key: 'advice', title: 'Conseil des associations de consommateurs' },
  { key: 'impact', title: 'Témoignages et questionnaires' },
  { key: 'history', title: 'Qui a consulté ou modifié le dossier' },
] as const;
export type PersonalDataModule = (typeof personalDataModules)[number]['key'];

export interface PersonalDataDocument {
  format: typeof personalDataFormat.name;
  formatVersion: typeof personalDataFormat.version;
  generatedAt: string;
  programme: { id: number; name: string };
  householdId: number;
  modules: {
    household: HouseholdPersonalData;
    accounts: Awaited<ReturnType<typeof householdAccountsPersonalData>>;
    votes: Awaited<ReturnType<typeof householdVotesPersonalData>>;
    access: Awaited<ReturnType<typeof accessPersonalData>>;
    equipment: Awaited<ReturnType<typeof equipmentPersonalData>>;
    notifications: Awaited<ReturnType<typeof notificationsPersonalData>>;
    workshops: Awaited<ReturnType<typeof workshopsPersonalData>>;
    certificates: Awaited<ReturnType<typeof certificatesPersonalData>>;
    advice: Awaited<ReturnType<typeof advicePersonalData>>;
    impact: Awaited<ReturnType<typeof impactPersonalData>>;
    history: { events: HistoryEvent[] };
  };
}

export type HistoryEvent = {
  at: string;
  action: string;
  by: string;
  channel: string;
  details: Record<string, unknown> | null;
};

/** The audit trail's events about the household: every change, every read of its record, every export. */
async function householdHistory(db: DbOrTx, householdId: number) {
  const rows = await db.execute<HistoryEvent>(sql`
    select occurred_at as at, action, actor_label as by, channel, details from audit_event
     where entity_type = 'household' and entity_id = ${String(householdId)}
     order by id desc limit 2000`);
  return { events: rows.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) };
}

/**
 * Reads every module's part, one after the other in the caller's transaction (one snapshot). No permission check
 * and no audit event here: the callers (export, erasure, the page's summary) do both.
 */
export async function gatherPersonalData(
  db: DbOrTx,
  householdId: number,
  programme: { id: number; name: string },
  now = new Date(),
): Promise<PersonalDataDocument> {
  return {
    format: personalDataFormat.name,
    formatVersion: personalDataFormat.version,
    generatedAt: now.toISOString(),
    programme,
    householdId,
    modules: {
      household: await householdPersonalData(db, householdId),
      accounts: await householdAccountsPersonalData(db, householdId),
      votes: await householdVotesPersonalData(db, householdId),
      access: await accessPersonalData(db, householdId),
      equipment: await equipmentPersonalData(db, householdId),
      notifications: await notificationsPersonalData(db, householdId),
      workshops: await workshopsPersonalData(db, householdId),
      certificates: await certificatesPersonalData(db, householdId),
      advice: await advicePersonalData(db, householdId),
      impact: await impactPersonalData(db, householdId),
      history: await householdHistory(db, householdId),
    },
  };
}
