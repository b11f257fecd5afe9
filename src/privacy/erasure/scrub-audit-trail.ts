// The audit trail after an erasure: every event stays (who on staff did what, when, to which record), but the
// erased people are no longer named in it. It is append-only for the application's role (ADR 038); the erasure,
// run as the owner, is its one rewriter, and only for these values (ADR 042).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { erasedResidentLabel, erasedText } from '../../platform/personal-data.ts';
import { textArray } from '../../platform/sql/index.ts';

/** Keys whose value is free text or a person's detail wherever they appear in an event's details. */
const freeTextKeys = new Set([
  'note',
  'detail',
  'comment',
  'why',
  'reason',
  'text',
  'summary',
  'body',
  'quote',
  'observation',
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'contactName',
  'contactPhone',
  'recipient',
  'recipientName',
  'holderName',
  'equipmentRef',
]);

const normalise = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The details with every identifying string replaced; `changed` says whether anything was. */
export function scrubDetails(
  value: unknown,
  secrets: readonly string[],
  key = '',
): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    const plain = normalise(value);
    const hit = freeTextKeys.has(key) || secrets.some((secret) => plain.includes(secret));
    return hit && value !== erasedText ? { value: erasedText, changed: true } : { value, changed: false };
  }
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = scrubDetails(v, secrets, key);
      changed ||= r.changed;
      return r.value;
    });
    return { value: out, changed };
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = scrubDetails(v, secrets, k);
      changed ||= r.changed;
      out[k] = r.value;
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

/** Strings worth searching for: names, numbers, addresses, free texts — not short words that match anything. */
export function secretsOf(strings: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const s of strings) {
    const plain = normalise(s.trim());
    if (plain.length >= 3 && plain !== normalise(erasedText)) out.add(plain);
  }
  return [...out];
}

export async function scrubAuditTrail(
  tx: DbOrTx,
  {
    programmeId,
    householdId,
    userIds,
    secrets,
  }: {
    programmeId: number;
    householdId: number;
    userIds: string[];
    secrets: string[];
  },
): Promise<{ eventsRelabelled: number; eventsScrubbed: number }> {
  const users = textArray(userIds);
  // By the accounts' ids (an index), not by their labels: a retention run erases many households, each in one pass.
  const relabelled =
    userIds.length === 0
      ? { count: 0 }
      : await tx.execute(sql`
          update audit_event set actor_label = ${erasedResidentLabel}
           where actor_user_id = any(${users}) and programme_id = ${programmeId}`);
  // The events about the household, its accounts, its cases and testimonies, and those its accounts wrote.
  const events = await tx.execute<{ id: number; details: unknown }>(sql`
    select id, details from audit_event
     where programme_id = ${programmeId} and details is not null
       and ((entity_type = 'household' and entity_id = ${String(householdId)})
         or (entity_type = 'user' and entity_id = any(${users}))
         or actor_user_id = any(${users})
         or (entity_type = 'advice_case' and entity_id in
               (select c.id::text from advice_case c where c.household_id = ${householdId}))
         or (entity_type = 'testimony' and entity_id in
               (select t.id::text from testimony t where t.household_id = ${householdId}))
         or (entity_type = 'notification' and entity_id in
               (select n.id::text from notification n where n.household_id = ${householdId})))`);
  let scrubbed = 0;
  for (const event of events) {
    const result = scrubDetails(event.details, secrets);
    if (!result.changed) continue;
    await tx.execute(
      sql`update audit_event set details = ${JSON.stringify(result.value)}::jsonb where id = ${event.id}`,
    );
    scrubbed++;
  }
  return { eventsRelabelled: relabelled.count, eventsScrubbed: scrubbed };
}
