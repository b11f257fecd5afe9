// The subsidies' budget: planned vs committed vs paid for a year (in total, per association, per purpose) and over
// the years; as CSV per year and purpose for the command line.
import { and, eq } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import { csvCell } from '../platform/csv/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCanAtAll } from '../platform/permissions/index.ts';
import { type Budget, type BudgetLine, budgetByYearAndPurpose, budgetOf } from './rules.ts';
import { subsidy } from './schema.ts';

/** Every subsidy the actor may read, as budget lines (a programme has a few dozen a year). */
async function budgetLines(db: DbOrTx, actor: Actor): Promise<BudgetLine[]> {
  const scope = assertCanAtAll(actor, 'subsidy.read');
  const conditions = [eq(subsidy.programmeId, actor.programmeId)];
  if (scope !== 'programme') conditions.push(eq(subsidy.organisationId, actor.organisationId ?? -1));
  return db
    .select({
      year: subsidy.year,
      organisationId: subsidy.organisationId,
      organisationName: organisation.name,
      purpose: subsidy.purpose,
      plannedCents: subsidy.plannedCents,
      committedCents: subsidy.committedCents,
      paidCents: subsidy.paidCents,
    })
    .from(subsidy)
    .innerJoin(organisation, eq(organisation.id, subsidy.organisationId))
    .where(and(...conditions));
}

/** The budget of a year and the years' table: the coordinator's for the programme, an association's for itself. */
export async function subsidyBudget({
  db,
  actor,
  year,
}: {
  db: DbOrTx;
  actor: Actor;
  year: number;
}): Promise<Budget> {
  return budgetOf(await budgetLines(db, actor), year);
}

const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

export const budgetCsvColumns = [
  'annee',
  'objet',
  'subventions',
  'prevu_euros',
  'vote_euros',
  'verse_euros',
  'reste_a_verser_euros',
] as const;

/** Per year and purpose (one year, or all), as French spreadsheets open it: UTF-8 with BOM, `;`, CRLF. */
export async function subsidyBudgetCsv({
  db,
  actor,
  year,
}: {
  db: DbOrTx;
  actor: Actor;
  year?: number;
}): Promise<string> {
  const lines = (await budgetLines(db, actor)).filter((l) => year === undefined || l.year === year);
  const rows = budgetByYearAndPurpose(lines).map((r) =>
    [
      String(r.year),
      csvCell(r.purpose),
      String(r.subsidies),
      euros(r.plannedCents),
      euros(r.committedCents),
      euros(r.paidCents),
      euros(r.remainingCents),
    ].join(';'),
  );
  return `\uFEFF${[budgetCsvColumns.join(';'), ...rows].map((l) => `${l}\r\n`).join('')}`;
}
