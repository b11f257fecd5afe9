// The questionnaire's two forms posted back — staff for a household, a resident for their own — through the same
// server helper: recorded then redirected, or refused with French errors by question and what was typed.
import { beforeAll, describe, expect, it } from 'vitest';
import { addCalendarMonths, localDate } from '../../src/platform/dates.ts';
import { clientIpContext, servicesContext } from '../../src/platform/http/index.ts';
import type { Role } from '../../src/platform/permissions/index.ts';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { sessionCookie, testServices } from '../../test/services.ts';
import { action as householdAction } from './household-questionnaire.tsx';
import { action as residentAction } from './my-questionnaire.tsx';

let p: TestProgramme;
let services: ReturnType<typeof testServices>;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  const { db } = await testDatabase();
  p = await buildProgramme(db, 'questionnaire-pages');
  services = testServices(db);
  for (const role of ['coordinator', 'resident'] as const) {
    cookies[role] = await sessionCookie(services, p.emails[role]);
  }
});

const post = (role: Role, path: string, fields: [string, string][], params: Record<string, string> = {}) =>
  ({
    request: new Request(`http://palier.test${path}`, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { cookie: cookies[role], 'content-type': 'application/x-www-form-urlencoded' },
    }),
    params,
    context: (() => {
      const values = new Map<unknown, unknown>([
        [servicesContext, services],
        [clientIpContext, '127.0.0.1'],
      ]);
      return { get: (key: unknown) => values.get(key) };
    })(),
  }) as never;

type Refused = {
  data: { errors: Record<string, string[]>; values: Record<string, unknown> };
  init: { status: number };
};
const location = (response: unknown) => (response as Response).headers.get('location');

describe('a resident answering for their own household', () => {
  const send = (fields: [string, string][]) => residentAction(post('resident', '/mon-questionnaire', fields));

  it('records the answers and says thank you', async () => {
    const response = await send([
      ['moment', 'before'],
      ['confidence', 'a_little'],
      ['uses', 'email'],
    ]);
    expect(location(response)).toBe('/mon-questionnaire?fait=before');
  });

  it('refuses to record the same moment twice, keeping what was typed', async () => {
    const refused = (await send([
      ['moment', 'before'],
      ['confidence', 'fairly'],
    ])) as Refused;
    expect(refused.init.status).toBe(409);
    expect(refused.data.errors['']?.[0]).toMatch(/déjà répondu/);
    expect(refused.data.values).toEqual({ confidence: 'fairly' });
  });
});

describe('staff filling it in with a household', () => {
  const householdId = () => String(p.households['L-002']);
  const send = (fields: [string, string][]) =>
    householdAction(
      post('coordinator', `/foyers/${householdId()}/questionnaire`, fields, { id: householdId() }),
    );

  it('refuses a day to come, under the date field', async () => {
    const refused = (await send([
      ['moment', 'before'],
      ['answeredOn', addCalendarMonths(localDate(new Date()), 1)],
    ])) as Refused;
    expect(refused.init.status).toBe(409);
    expect(refused.data.errors.answeredOn?.[0]).toMatch(/futur/);
  });

  it('records a paper questionnaire answered earlier', async () => {
    const response = await send([
      ['moment', 'before'],
      ['answeredOn', '2026-01-05'],
      ['lonely', 'sometimes'],
    ]);
    expect(location(response)).toBe(`/foyers/${householdId()}/questionnaire?fait=before`);
  });
});
