// The tenants of a sector adopt 1.10 € a month from a date, through a real vote: opened, every dwelling votes yes
// on paper, certified after closing.
import { sql } from 'drizzle-orm';
import type { PhoneNumber } from '../src/households/index.ts';
import type { Db } from '../src/platform/db/index.ts';
import { certifyVote, insertBallots, openVote } from '../src/votes/index.ts';
import type { TestProgramme } from './programme.ts';

const day = 86_400_000;

export async function adoptSector(
  db: Db,
  p: TestProgramme,
  sectorId: number,
  { tariffFrom, opensAt }: { tariffFrom: string; opensAt: Date },
): Promise<void> {
  const officer = p.actors.landlord_officer;
  const closesAt = new Date(opensAt.getTime() + 30 * day);
  const opened = await openVote({
    db,
    actor: officer,
    now: new Date(opensAt.getTime() - 60_000),
    input: {
      sectorId,
      procedure: 'approval',
      opensAt,
      closesAt,
      operatorId: p.actors.operator_agent.organisationId!,
      serviceName: 'Internet collectif',
      monthlyAmountCents: 110,
      tariffFrom,
      helpPhone: '+33298000000' as PhoneNumber,
    },
  });
  if (!opened.ok) throw new Error(opened.reason);
  const dwellings = await db.execute<{ dwelling_id: number }>(
    sql`select dwelling_id from vote_dwelling where vote_id = ${opened.voteId}`,
  );
  await insertBallots(
    db,
    officer,
    opened.voteId,
    dwellings.map((d) => ({
      dwellingId: d.dwelling_id,
      choice: 'yes',
      channel: 'paper',
      receivedAt: new Date(opensAt.getTime() + day),
    })),
  );
  const certified = await certifyVote({
    db,
    actor: officer,
    voteId: opened.voteId,
    now: new Date(closesAt.getTime() + day),
  });
  if (!certified.ok || certified.result !== 'adopted') throw new Error('not adopted');
}
