import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import type { Db } from '../platform/db/index.ts';
import { sector, sectorStageEvent } from '../territory/index.ts';
import { recordHistoricalAgreement } from './index.ts';

let db: Db;
let p: TestProgramme;

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'stage-history');
});

it('moves the sector to « adopted » when a past agreement is recorded, dated from its adoption, in the history', async () => {
  const recorded = await recordHistoricalAgreement({
    db,
    actor: p.actors.landlord_officer,
    input: {
      sectorId: p.sectorIds.S3,
      operatorId: p.actors.operator_agent.organisationId!,
      serviceName: 'Internet collectif',
      monthlyAmountCents: 110,
      effectiveFrom: '2012-01-01',
      adoptedOn: '2011-11-15',
      recordedFrom: 'PV papier',
    },
  });
  expect(recorded.ok).toBe(true);
  const history = await db
    .select()
    .from(sectorStageEvent)
    .where(eq(sectorStageEvent.sectorId, p.sectorIds.S3))
    .orderBy(sectorStageEvent.id);
  expect(history.map((h) => [h.fromStage, h.stage, h.source])).toEqual([
    [null, 'identified', 'decision'],
    ['identified', 'adopted', 'history'],
  ]);
  expect(history[1]!.decidedOn).toBe('2011-11-15');
  const [row] = await db.select().from(sector).where(eq(sector.id, p.sectorIds.S3));
  expect(row!.rolloutStage).toBe('adopted');
});
