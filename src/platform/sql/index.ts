// Small SQL helpers for use cases. Only types come from platform/db, so pages that import a module's face do
// not pull the database driver (and the embedded server's binaries) into the browser bundle.
import type { Db, Tx } from '../db/index.ts';

/** Escapes `%`, `_` and `\\` so that user input is matched literally inside a LIKE pattern. */
export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Runs `work` in a transaction and commits only when it answers `{ ok: true }`: a refusal (an expected business
 * outcome, returned rather than thrown) rolls back whatever the work already wrote, and is returned as is.
 */
export async function transactionUnlessRefused<T extends { ok: boolean }>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  let refusal: T | null = null;
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) {
        refusal = result;
        tx.rollback();
      }
      return result;
    });
  } catch (error) {
    if (refusal) return refusal;
    throw error;
  }
}

export { floatArray, intArray, textArray } from './arrays.ts';
