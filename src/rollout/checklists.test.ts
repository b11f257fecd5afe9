import { describe, expect, it } from 'vitest';
import { automaticFacts, checklistOn, checklistState, checklists, type SectorFacts } from './checklists.ts';
import type { Readiness } from './model.ts';

const readiness = (facility: boolean, capacity: boolean) =>
  ({
    checks: [
      { key: 'facility_nearby', ok: facility, detail: '' },
      { key: 'capacity', ok: capacity, detail: '' },
    ],
  }) as Readiness;

const base: SectorFacts = {
  stage: 'identified',
  agreeingKinds: [],
  anyAgainst: false,
  requiredConsultees: ['facility', 'tenant_association'],
  meetings: 0,
  workshopHost: false,
  readiness: null,
  ticked: [],
};

describe('the checklists', () => {
  it('are data: every automatic item names a fact Palier establishes, every key is unique in its stage', () => {
    for (const checklist of checklists)
      for (const items of Object.values(checklist.stages)) {
        expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
        for (const item of items)
          if (item.kind === 'auto') expect(Object.keys(automaticFacts)).toContain(item.key);
      }
  });

  it('apply from their first day', () => {
    expect(checklistOn('2026-11-26').version).toBe('2026.1');
    expect(() => checklistOn('2010-12-31')).toThrow();
  });

  // facts, stage, the keys still missing
  it.each<[string, Partial<SectorFacts>, 'partners_consulted' | 'support_ready' | 'works', string[]]>([
    ['nothing yet', {}, 'partners_consulted', ['meeting_held', 'required_positions', 'tenants_informed']],
    [
      'a meeting, the facility agrees, tenants informed',
      { meetings: 1, agreeingKinds: ['facility'], ticked: ['tenants_informed'] },
      'partners_consulted',
      ['required_positions'],
    ],
    [
      'all there but someone is against',
      {
        meetings: 2,
        agreeingKinds: ['facility', 'tenant_association', 'landlord'],
        anyAgainst: true,
        ticked: ['tenants_informed'],
      },
      'partners_consulted',
      ['no_opposition'],
    ],
    [
      'complete',
      { meetings: 1, agreeingKinds: ['tenant_association', 'facility'], ticked: ['tenants_informed'] },
      'partners_consulted',
      [],
    ],
    [
      'a required kind set to the landlord only',
      {
        meetings: 1,
        agreeingKinds: ['landlord'],
        requiredConsultees: ['landlord'],
        ticked: ['tenants_informed'],
      },
      'partners_consulted',
      [],
    ],
    [
      'no readiness known',
      {},
      'support_ready',
      ['facility_nearby', 'workshop_capacity', 'workshop_host', 'home_help'],
    ],
    [
      'a facility near, seats short, a host',
      { readiness: readiness(true, false), workshopHost: true, ticked: ['home_help'] },
      'support_ready',
      ['workshop_capacity'],
    ],
    [
      'accompaniment ready',
      { readiness: readiness(true, true), workshopHost: true, ticked: ['home_help'] },
      'support_ready',
      [],
    ],
    ['works: one of two ticks', { ticked: ['operator_order'] }, 'works', ['works_schedule']],
  ])('%s → missing %j', (_, facts, stage, missing) => {
    const state = checklistState(checklistOn('2026-11-26'), stage, { ...base, ...facts });
    expect(state.items.filter((i) => !i.done).map((i) => i.key)).toEqual(missing);
    expect(state.complete).toBe(missing.length === 0);
    expect(state.missing).toHaveLength(missing.length);
  });
});
