// The durations a programme keeps each kind of data: its own where the coordinator set one, the defaults otherwise.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCan } from '../../platform/permissions/index.ts';
import { retentionSetting } from '../schema.ts';
import {
  hasArchive,
  type KindDescription,
  kindDescriptions,
  type RetentionKind,
  retentionDefaultsOn,
  retentionKinds,
} from './defaults.ts';
import type { Durations } from './rules.ts';

export interface RetentionSettingView extends KindDescription {
  kind: RetentionKind;
  activeMonths: number;
  archiveMonths: number;
  /** The default durations, and whether the programme keeps them. */
  defaultActiveMonths: number;
  defaultArchiveMonths: number;
  isDefault: boolean;
  hasArchive: boolean;
  updatedAt: string | null;
}

export interface RetentionSettings {
  defaultsVersion: string;
  kinds: RetentionSettingView[];
  durations: Durations;
}

/** The durations in force for a programme on a day (no permission check: callers check theirs). */
export async function loadRetentionSettings(
  db: DbOrTx,
  programmeId: number,
  today = localDate(new Date()),
): Promise<RetentionSettings> {
  const defaults = retentionDefaultsOn(today);
  const rows = await db.select().from(retentionSetting).where(eq(retentionSetting.programmeId, programmeId));
  const own = new Map(rows.map((r) => [r.kind, r]));
  const kinds = retentionKinds.map((kind): RetentionSettingView => {
    const fallback = defaults.durations[kind];
    const row = own.get(kind);
    const activeMonths = row?.activeMonths ?? fallback.activeMonths;
    const archiveMonths = hasArchive(kind) ? (row?.archiveMonths ?? fallback.archiveMonths) : 0;
    return {
      kind,
      ...kindDescriptions[kind],
      activeMonths,
      archiveMonths,
      defaultActiveMonths: fallback.activeMonths,
      defaultArchiveMonths: fallback.archiveMonths,
      isDefault: activeMonths === fallback.activeMonths && archiveMonths === fallback.archiveMonths,
      hasArchive: hasArchive(kind),
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  });
  return {
    defaultsVersion: defaults.version,
    kinds,
    durations: Object.fromEntries(
      kinds.map((k) => [k.kind, { activeMonths: k.activeMonths, archiveMonths: k.archiveMonths }]),
    ) as Durations,
  };
}

/** The settings a person may read: the coordinator and the administrator (`retention.read`). */
export async function getRetentionSettings({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCan(actor, 'retention.read', { programmeId: actor.programmeId });
  return loadRetentionSettings(db, actor.programmeId);
}

const months = (what: string, min: number) =>
  z.coerce
    .number(`${what} : un nombre de mois est attendu`)
    .int(`${what} : un nombre entier de mois est attendu`)
    .min(min, `${what} : au moins ${min} mois`)
    .max(240, `${what} : au plus 240 mois (20 ans)`);

/** One kind's new durations; the active months never 0 (that would archive or erase everything at once). */
export const RetentionSettingInput = z
  .object({
    kind: z.enum(retentionKinds, 'Type de données inconnu'),
    activeMonths: months('Durée d’usage actif', 1),
    archiveMonths: months('Durée d’archive', 0).default(0),
  })
  .superRefine((v, ctx) => {
    if (!hasArchive(v.kind) && v.archiveMonths !== 0)
      ctx.addIssue({
        code: 'custom',
        path: ['archiveMonths'],
        message: 'Ces données n’ont pas d’archive : la durée d’archive reste 0',
      });
  });
export const RetentionSettingsInput = z.object({
  settings: z
    .array(RetentionSettingInput)
    .min(1, 'Indiquez au moins une durée')
    .max(retentionKinds.length)
    .refine((list) => new Set(list.map((s) => s.kind)).size === list.length, 'Un type de données en double'),
});
export type RetentionSettingsInputValue = z.infer<typeof RetentionSettingsInput>;

/**
 * The coordinator sets durations (`retention.manage`): one row per kind changed, in one transaction with an audit
 * event that says what changed from what. A kind set back to its defaults keeps its row (a choice, dated).
 */
export async function updateRetentionSettings({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: RetentionSettingsInputValue;
}): Promise<RetentionSettings> {
  assertCan(actor, 'retention.manage', { programmeId: actor.programmeId });
  const before = await loadRetentionSettings(db, actor.programmeId);
  const changes = input.settings.filter((s) => {
    const was = before.durations[s.kind];
    return was.activeMonths !== s.activeMonths || was.archiveMonths !== s.archiveMonths;
  });
  if (changes.length === 0) return before;
  await db.transaction(async (tx) => {
    for (const s of changes)
      await tx
        .insert(retentionSetting)
        .values({
          programmeId: actor.programmeId,
          kind: s.kind,
          activeMonths: s.activeMonths,
          archiveMonths: s.archiveMonths,
        })
        .onConflictDoUpdate({
          target: [retentionSetting.programmeId, retentionSetting.kind],
          set: { activeMonths: s.activeMonths, archiveMonths: s.archiveMonths, updatedAt: sql`now()` },
          where: and(eq(retentionSetting.programmeId, actor.programmeId), eq(retentionSetting.kind, s.kind)),
        });
    await recordAudit(tx, actor, {
      action: 'retention.settings_updated',
      entityType: 'retention_setting',
      entityId: actor.programmeId,
      details: {
        changes: changes.map((s) => ({
          kind: s.kind,
          from: before.durations[s.kind],
          to: { activeMonths: s.activeMonths, archiveMonths: s.archiveMonths },
        })),
      },
    });
  });
  return loadRetentionSettings(db, actor.programmeId);
}
