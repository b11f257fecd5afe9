// The operators an adviser can name on a case: the programme's active operator partners (any other is typed).
import { and, asc, eq } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCanAtAll } from '../platform/permissions/index.ts';

export async function listOperatorChoices({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCanAtAll(actor, 'advice.read');
  return db
    .select({ id: organisation.id, name: organisation.name })
    .from(organisation)
    .where(
      and(
        eq(organisation.programmeId, actor.programmeId),
        eq(organisation.kind, 'operator'),
        eq(organisation.active, true),
      ),
    )
    .orderBy(asc(organisation.name));
}
