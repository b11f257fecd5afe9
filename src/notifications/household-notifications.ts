// The messages the outbox holds for a household, for residents' rights (GDPR art. 15–17, 20): what was sent, when and
// how; and their erasure — the message's text and address go, its channel, topic, status and dates stay (delivery
// figures), and what had not left yet is cancelled.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import {
  type ErasureCounts,
  type ErasureTarget,
  erasedPerson,
  erasedResidentLabel,
  erasedText,
} from '../platform/personal-data.ts';
import { textArray } from '../platform/sql/index.ts';

const ofHousehold = (householdId: number) =>
  sql`(household_id = ${householdId}
       or member_id in (select m.id from household_member m where m.household_id = ${householdId}))`;

export async function notificationsPersonalData(db: DbOrTx, householdId: number) {
  const messages = await db.execute<Record<string, unknown>>(sql`
    select channel, topic, recipient_name as "recipientName", recipient, subject, body, status,
           created_at as "createdAt", sent_at as "sentAt"
      from notification where ${ofHousehold(householdId)} order by id`);
  return {
    messages: messages.map((m) => ({
      ...m,
      createdAt: new Date(m.createdAt as string).toISOString(),
      sentAt: m.sentAt ? new Date(m.sentAt as string).toISOString() : null,
    })),
  };
}

export async function eraseNotificationsPersonalData(
  tx: DbOrTx,
  target: ErasureTarget,
): Promise<ErasureCounts> {
  const labels = textArray(target.residentLabels);
  const cancelled = await tx.execute(sql`
    update notification set status = 'cancelled', locked_until = null
     where ${ofHousehold(target.householdId)} and status in ('pending', 'sending')`);
  const erased = await tx.execute(sql`
    update notification
       set recipient_name = ${erasedPerson}, recipient = '', subject = ${erasedText}, body = ${erasedText},
           last_error = null,
           handled_by = case when handled_by = any(${labels}) then ${erasedResidentLabel} else handled_by end
     where ${ofHousehold(target.householdId)}`);
  return { messagesAnonymised: erased.count, messagesCancelled: cancelled.count };
}
