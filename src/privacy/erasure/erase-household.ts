// Erasure and anonymisation of a household (GDPR art. 17), on request or at the end of retention: in one transaction
// every module replaces what names or describes the people in its own rows and keeps what the statistics, the money
// and the legal records need; the audit trail stops naming them; the register keeps the proof. Rules: docs/privacy.md.
import { sql } from 'drizzle-orm';
import { eraseAccessPersonalData } from '../../access/index.ts';
import { eraseAdvicePersonalData } from '../../advice/index.ts';
import { eraseCertificatesPersonalData } from '../../certificates/index.ts';
import { eraseEquipmentPersonalData } from '../../equipment/index.ts';
import { eraseHouseholdPersonalData } from '../../households/index.ts';
import { eraseImpactPersonalData } from '../../impact/index.ts';
import { eraseNotificationsPersonalData } from '../../notifications/index.ts';
import { eraseHouseholdAccounts, householdAccounts } from '../../partners/index.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { asSystem } from '../../platform/claims/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll } from '../../platform/permissions/index.ts';
import type { ErasureCounts, ErasureTarget, WorkInProgress } from '../../platform/personal-data.ts';
import { eraseHouseholdVotes } from '../../votes/index.ts';
import { eraseWorkshopsPersonalData } from '../../workshops/index.ts';
import { gatherPersonalData, type PersonalDataDocument } from '../personal-data/gather-personal-data.ts';
import { rightsSubject } from '../personal-data/rights-subject.ts';
import { scrubAuditTrail, secretsOf } from './scrub-audit-trail.ts';
import { alreadyErasedMessage, type ErasureCause, erasureCauses, inProgressMessage } from './values.ts';
import { householdWorkInProgress } from './work-in-progress.ts';

/** What each module did, by module key (the same keys as the export's). */
export type ErasureModules = Record<string, ErasureCounts>;

export type ErasureSummary =
  | {
      status: 'erased';
      householdId: number;
      erasureId: number;
      cause: ErasureCause;
      requestedOn: string | null;
      performedAt: string;
      keepCertificates: boolean;
      modules: ErasureModules;
    }
  | {
      /** A second call: nothing changed; what the first one did, from the register. */
      status: 'already_erased';
      householdId: number;
      erasureId: number | null;
      cause: ErasureCause | null;
      requestedOn: string | null;
      performedAt: string;
      keepCertificates: boolean;
      modules: ErasureModules;
      message: string;
    }
  | {
      /** Something still runs for the household: nothing changed. */
      status: 'refused';
      householdId: number;
      reason: 'in_progress';
      inProgress: WorkInProgress[];
      message: string;
    };

/** The order modules erase in; the household record comes last (the others still find its members until then). */
const erasers: [string, (tx: DbOrTx, target: ErasureTarget) => Promise<ErasureCounts>][] = [
  ['accounts', eraseHouseholdAccounts],
  ['votes', eraseHouseholdVotes],
  ['access', eraseAccessPersonalData],
  ['equipment', eraseEquipmentPersonalData],
  ['notifications', eraseNotificationsPersonalData],
  ['workshops', eraseWorkshopsPersonalData],
  ['certificates', eraseCertificatesPersonalData],
  ['advice', eraseAdvicePersonalData],
  ['impact', eraseImpactPersonalData],
  ['household', eraseHouseholdPersonalData],
];

/**
 * Refused (thrown) when the actor may not erase (`personal_data.erase`: the coordinator) or the household is not in
 * the actor's programme. Idempotent: a household already erased is not touched again. Runs as the owner, past the
 * row policies (an advice case is otherwise its association's alone, and the audit trail is append-only for the
 * application): the permission is checked first, and the erasure is itself in the audit trail.
 */
export async function eraseHousehold(
  db: DbOrTx,
  actor: Actor,
  input: {
    householdId: number;
    cause: 'request' | 'retention';
    requestedOn?: string | null;
    keepCertificates?: boolean;
  },
): Promise<ErasureSummary> {
  assertCanAtAll(actor, 'personal_data.erase');
  if (!(erasureCauses as readonly string[]).includes(input.cause))
    throw new Error(`unknown cause ${input.cause}`);
  const now = new Date();
  const today = localDate(now);
  const keepCertificates = input.keepCertificates ?? false;
  const requestedOn = input.requestedOn ?? (input.cause === 'request' ? today : null);
  return asSystem(() =>
    db.transaction(async (tx): Promise<ErasureSummary> => {
      const subject = await rightsSubject(tx, actor, input.householdId, { lock: true });
      assertCan(actor, 'personal_data.erase', { programmeId: subject.programmeId });
      if (subject.anonymisedAt) return alreadyErased(tx, subject.id, subject.anonymisedAt);

      const inProgress = await householdWorkInProgress(tx, subject.id);
      if (inProgress.length > 0)
        return {
          status: 'refused',
          householdId: subject.id,
          reason: 'in_progress',
          inProgress,
          message: inProgressMessage(inProgress),
        };

      // What names or describes the people, read before anything changes: the audit trail is searched for it.
      const before = await gatherPersonalData(tx, subject.id, { id: subject.programmeId, name: '' }, now);
      const accounts = await householdAccounts(tx, subject.id);
      const target: ErasureTarget = {
        programmeId: subject.programmeId,
        householdId: subject.id,
        residentLabels: accounts.map((a) => a.label),
        actorLabel: actor.label,
        now,
        today,
        keepCertificates,
      };
      const modules: ErasureModules = {};
      for (const [key, erase] of erasers) modules[key] = await erase(tx, target);
      modules.audit = await scrubAuditTrail(tx, {
        programmeId: subject.programmeId,
        householdId: subject.id,
        userIds: accounts.map((a) => a.id),
        secrets: secretsOf([
          ...identifyingStrings(before),
          ...accounts.flatMap((a) => [a.name, a.email, a.label]),
        ]),
      });

      const [register] = await tx.execute<{ id: number }>(sql`
        insert into erasure (programme_id, household_id, cause, requested_on, performed_at, actor_label, summary)
        values (${subject.programmeId}, ${subject.id}, ${input.cause}, ${requestedOn}::date,
                ${now.toISOString()}::timestamptz, ${actor.label},
                ${JSON.stringify({ keepCertificates, modules })}::jsonb)
        returning id`);
      await recordAudit(tx, actor, {
        action: 'personal_data.erased',
        entityType: 'household',
        entityId: subject.id,
        details: { erasureId: register!.id, cause: input.cause, requestedOn, keepCertificates },
      });
      return {
        status: 'erased',
        householdId: subject.id,
        erasureId: register!.id,
        cause: input.cause,
        requestedOn,
        performedAt: now.toISOString(),
        keepCertificates,
        modules,
      };
    }),
  );
}

async function alreadyErased(tx: DbOrTx, householdId: number, anonymisedAt: string): Promise<ErasureSummary> {
  const [row] = await tx.execute<{
    id: number;
    cause: ErasureCause;
    requested_on: string | null;
    performed_at: string;
    summary: { keepCertificates?: boolean; modules?: ErasureModules } | null;
  }>(sql`
    select id, cause, requested_on::text, performed_at, summary from erasure
     where household_id = ${householdId} order by id desc limit 1`);
  return {
    status: 'already_erased',
    householdId,
    erasureId: row?.id ?? null,
    cause: row?.cause ?? null,
    requestedOn: row?.requested_on ?? null,
    performedAt: row ? new Date(row.performed_at).toISOString() : anonymisedAt,
    keepCertificates: row?.summary?.keepCertificates ?? false,
    modules: row?.summary?.modules ?? {},
    message: alreadyErasedMessage,
  };
}

/** Keys of the export whose values name, reach or describe the people. */
const identifyingKeys = new Set([
  'firstName',
  'lastName',
  'member',
  'phone',
  'email',
  'name',
  'contactName',
  'contactPhone',
  'installOutcomeNote',
  'failureDetail',
  'equipmentRef',
  'fault',
  'diagnosis',
  'recipientName',
  'recipient',
  'subject',
  'body',
  'observation',
  'note',
  'withdrawReason',
  'holderName',
  'summary',
  'outcome',
  'quote',
  'context',
  'detail',
]);

function identifyingStrings(document: PersonalDataDocument): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (identifyingKeys.has(key)) found.push(value);
    } else if (Array.isArray(value)) for (const v of value) walk(v, key);
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) if (k !== 'history') walk(v, k);
  };
  walk(document.modules, '');
  // « Aïcha Benali » as pages and letters write it, besides each name alone.
  for (const m of document.modules.household.members) found.push(`${m.firstName} ${m.lastName}`);
  return found;
}
