import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { intArray, textArray } from '../platform/sql/index.ts';
import { generateBallotCode } from './ballot-code.ts';

/**
 * Gives each dwelling a new live code. Codes are random, so a clash with an existing code is possible in theory
 * (40 bits): the unique constraint refuses it and that dwelling simply draws again.
 */
export async function issueCodes(
  tx: DbOrTx,
  voteId: number,
  dwellingIds: readonly number[],
): Promise<Map<number, string>> {
  const issued = new Map<number, string>();
  let pending = [...dwellingIds];
  for (let round = 0; pending.length > 0; round++) {
    if (round > 5) throw new Error('could not draw unique ballot codes');
    const codes = pending.map(() => generateBallotCode(voteId));
    const rows = await tx.execute<{ dwelling_id: number; code: string }>(sql`
      insert into ballot_code (vote_id, dwelling_id, code)
      select ${voteId}, d, c from unnest(${intArray(pending)}, ${textArray(codes)}) as x(d, c)
      on conflict (code) do nothing
      returning dwelling_id, code`);
    for (const row of rows) issued.set(row.dwelling_id, row.code);
    pending = pending.filter((id) => !issued.has(id));
  }
  return issued;
}
