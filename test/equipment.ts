// A programme where households can buy computers: N1 adopted with its service open for months, L-001 and L-002
// asked to be connected, and the 40 € and 70 € tiers.
import { openService, requestActivation } from '../src/access/index.ts';
import { setPriceTier } from '../src/equipment/index.ts';
import type { Db } from '../src/platform/db/index.ts';
import { adoptSector } from './adopt.ts';
import type { TestProgramme } from './programme.ts';

const day = 86_400_000;

export async function equipmentProgramme(db: Db, p: TestProgramme): Promise<void> {
  const first = `${new Date(Date.now() - 200 * day).toISOString().slice(0, 7)}-01`;
  await adoptSector(db, p, p.sectorIds.N1, { tariffFrom: first, opensAt: new Date(Date.now() - 260 * day) });
  const service = await openService({
    db,
    actor: p.actors.landlord_officer,
    input: { sectorId: p.sectorIds.N1, description: 'Internet', opensOn: first },
  });
  if (!service.ok) throw new Error(service.reason);
  for (const ref of ['L-001', 'L-002'])
    await requestActivation({
      db,
      actor: p.actors.landlord_officer,
      householdId: p.households[ref]!,
      input: {
        contactName: 'X',
        contactPhone: '+33612345678',
        slots: ['weekday_morning'],
        installHelp: false,
      },
    });
  for (const [tier, label, amountCents] of [
    ['standard', 'Standard', 4000],
    ['premium', 'Supérieur', 7000],
  ] as const)
    await setPriceTier({
      db,
      actor: p.actors.recycling_agent,
      input: { tier, label, amountCents, effectiveFrom: '2012-01-01' },
    });
}
