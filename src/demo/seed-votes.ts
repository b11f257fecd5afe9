// The demo's tenant votes, relative to today: Recouvrance adopted months ago (with its report), Keredern Nord
// open with a partial turnout, Valy-Hir rejected for lack of turnout.
import type { fakerFR } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { PhoneNumber } from '../households/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import {
  type BallotChannel,
  type BallotSeed,
  type Choice,
  certifyVote,
  createPaperBatch,
  enterPaperBatch,
  insertBallots,
  openVote,
} from '../votes/index.ts';

const day = 24 * 60 * 60 * 1000;

interface DemoVote {
  sector: string;
  procedure: 'approval' | 'opposition';
  opensDaysAgo: number;
  lengthDays: number;
  turnout: number;
  yes: number;
  certify: boolean;
}

const demoVotes: DemoVote[] = [
  {
    sector: 'REC',
    procedure: 'approval',
    opensDaysAgo: 240,
    lengthDays: 56,
    turnout: 0.58,
    yes: 0.74,
    certify: true,
  },
  {
    sector: 'VAL',
    procedure: 'approval',
    opensDaysAgo: 120,
    lengthDays: 45,
    turnout: 0.21,
    yes: 0.62,
    certify: true,
  },
  {
    sector: 'KRD-N',
    procedure: 'approval',
    opensDaysAgo: 20,
    lengthDays: 49,
    turnout: 0.19,
    yes: 0.66,
    certify: false,
  },
];

export async function seedDemoVotes(
  db: Db,
  faker: typeof fakerFR,
  {
    programmeId,
    landlordId,
    operatorId,
    helpPhone,
  }: { programmeId: number; landlordId: number; operatorId: number; helpPhone: string },
): Promise<void> {
  const officer = (label: string): Actor => ({
    userId: null,
    label,
    role: 'landlord_officer',
    programmeId,
    organisationId: landlordId,
    sectorIds: [],
    householdId: null,
    ip: null,
    channel: 'cli',
  });
  const today = new Date();
  today.setUTCHours(8, 0, 0, 0);
  for (const v of demoVotes) {
    const [sector] = await db.execute<{ id: number }>(
      sql`select id from sector where programme_id = ${programmeId} and code = ${v.sector}`,
    );
    const opensAt = new Date(today.getTime() - v.opensDaysAgo * day);
    const closesAt = new Date(opensAt.getTime() + v.lengthDays * day + 9 * 60 * 60 * 1000);
    const tariff = new Date(closesAt.getTime() + 45 * day);
    const opened = await openVote({
      db,
      actor: officer('Brest métropole habitat (démo)'),
      now: new Date(opensAt.getTime() - 60_000),
      input: {
        sectorId: sector!.id,
        procedure: v.procedure,
        opensAt,
        closesAt,
        operatorId,
        serviceName: 'Internet collectif 100 Mbit/s',
        monthlyAmountCents: 110,
        tariffFrom: `${tariff.toISOString().slice(0, 8)}01`,
        meetingAt: new Date(opensAt.getTime() + 7 * day + 9 * 60 * 60 * 1000),
        meetingPlace: 'Salle polyvalente du quartier',
        helpPhone: PhoneNumber.parse(helpPhone),
      },
    });
    if (!opened.ok) throw new Error(`demo vote ${v.sector}: ${opened.reason}`);
    const dwellings = await db.execute<{ dwelling_id: number; reference: string }>(sql`
      select vd.dwelling_id, d.landlord_reference as reference from vote_dwelling vd
      join dwelling d on d.id = vd.dwelling_id where vd.vote_id = ${opened.voteId} order by d.landlord_reference`);
    const until = Math.min(closesAt.getTime(), Date.now() - 60 * 60 * 1000);
    const ballots: BallotSeed[] = [];
    for (const d of dwellings) {
      if (faker.number.float() >= v.turnout) continue;
      const r = faker.number.float();
      const choice: Choice =
        r < v.yes ? 'yes' : r < v.yes + (1 - v.yes) * 0.85 ? 'no' : r < 0.99 ? 'blank' : 'invalid';
      const channel: BallotChannel = faker.helpers.weightedArrayElement([
        { weight: 5, value: 'paper' as const },
        { weight: 3, value: 'online' as const },
        { weight: 2, value: 'in_person' as const },
      ]);
      const receivedAt = new Date(faker.number.int({ min: opensAt.getTime(), max: until }));
      ballots.push({
        dwellingId: d.dwelling_id,
        choice: channel === 'online' ? (choice === 'invalid' ? 'blank' : choice) : choice,
        channel,
        receivedAt,
      });
    }
    await insertBallots(db, officer('Reprise des bulletins (démo)'), opened.voteId, ballots);
    if (v.certify) {
      const result = await certifyVote({
        db,
        actor: officer('Sophie Kerhervé (Brest métropole habitat)'),
        voteId: opened.voteId,
        now: new Date(closesAt.getTime() + 3 * day),
      });
      if (!result.ok) throw new Error(`demo certification ${v.sector}: ${result.reason}`);
    } else {
      // A paper batch entered once, waiting for a second person: what a vote officer finds on Monday morning.
      const voted = new Set(ballots.map((b) => b.dwellingId));
      const remaining = dwellings.filter((d) => !voted.has(d.dwelling_id)).slice(0, 6);
      const batch = await createPaperBatch({
        db,
        actor: officer('Sophie Kerhervé (Brest métropole habitat)'),
        voteId: opened.voteId,
        input: { label: 'Urne du hall, semaine 3', receivedAt: new Date(Date.now() - 2 * day) },
      });
      if (batch.ok)
        await enterPaperBatch({
          db,
          actor: officer('Sophie Kerhervé (Brest métropole habitat)'),
          batchId: batch.batchId,
          text: remaining.map((d, i) => `${d.reference} ${i % 3 === 2 ? 'non' : 'oui'}`).join('\n'),
        });
    }
  }
}
