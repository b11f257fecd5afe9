// Loading many rows at once: secondary indexes and foreign keys are dropped first and recreated in bulk afterwards
// (much faster than checked row by row). Run inside a transaction: DDL is transactional, a failure undoes it all.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from './index.ts';

/**
 * Drops the non-unique indexes and the foreign keys of `tables` (and their exclusion constraints when asked);
 * returns the statements that recreate them, indexes first.
 */
export async function dropSecondaryStructures(
  tx: DbOrTx,
  tables: readonly string[],
  { exclusions = false }: { exclusions?: boolean } = {},
): Promise<string[]> {
  const names = sql.raw(tables.map((t) => `'${t}'`).join(','));
  const kinds = sql.raw(exclusions ? `('f', 'x')` : `('f')`);
  const constraints = (await tx.execute(sql`
    select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
    from pg_constraint where conrelid::regclass::text in (${names}) and contype in ${kinds}`)) as unknown as {
    tbl: string;
    name: string;
    def: string;
  }[];
  const indexes = (await tx.execute(sql`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i where i.indrelid::regclass::text in (${names}) and not i.indisunique and not i.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`)) as unknown as {
    name: string;
    def: string;
  }[];
  for (const c of constraints) await tx.execute(sql.raw(`alter table ${c.tbl} drop constraint ${c.name}`));
  for (const i of indexes) await tx.execute(sql.raw(`drop index ${i.name}`));
  return [
    ...indexes.map((i) => i.def),
    ...constraints.map((c) => `alter table ${c.tbl} add constraint ${c.name} ${c.def}`),
  ];
}
