import { beforeAll, describe, expect, it } from 'vitest';
import { adoptSector } from '../../test/adopt.ts';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { accessRefusalMessage } from '../access/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];

const day = 86_400_000;
const today = localDate(new Date());
/** "YYYY-MM" a number of months from the current one (programme time). */
const monthOf = (offset: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + offset, 1)).toISOString().slice(0, 7);
};
/** The service is open "now": from the first of the month three months ago, at the adopted tariff. */
const opensOn = `${monthOf(-3)}-01`;
const lastMonth = monthOf(-1);
const thisMonth = monthOf(0);
const inAWeek = localDate(new Date(Date.now() + 7 * day));

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  ({ call } = await apiAs(db, p.actors));
  await adoptSector(db, p, p.sectorIds.N1, {
    tariffFrom: opensOn,
    opensAt: new Date(Date.now() - 200 * day),
  });
});

const csvBody = (body: string) => ({
  method: 'POST',
  headers: { 'content-type': 'text/csv' },
  body,
});
/** A file's bytes as text, keeping the BOM (Response.text() would drop it). */
const fileText = async (res: Response) => Buffer.from(await res.arrayBuffer()).toString('utf8');

describe('/api/v1 access', () => {
  let serviceId: number;
  let lineIds: number[] = [];

  it('is in the OpenAPI document', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/services',
        '/services/{id}/tariffs',
        '/services/{id}/close',
        '/charges',
        '/charges/{month}',
        '/charges/{month}/run',
        '/charges/{month}/close',
        '/charges/{month}/lines',
        '/charges/{month}/lines.csv',
        '/charges/{month}/adjustments',
        '/activation-requests',
        '/activation-requests.csv',
        '/activation-requests/events.csv',
        '/activation-requests/{id}',
        '/activation-requests/{id}/events',
        '/activation-requests/{id}/install-visit',
        '/households/{id}/activation-requests',
      ]),
    );
    const events = doc.paths['/activation-requests/{id}/events'].post;
    expect(events.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
    expect(Object.keys(doc.paths['/charges/{month}/lines.csv'].get.responses['200'].content)).toEqual([
      'text/csv',
    ]);
  });

  it('opens a service for the landlord where the tenants adopted it, never for the operator', async () => {
    const input = { sectorId: p.sectorIds.N1, description: '100 Mbit/s', opensOn };
    expect((await call('operator_agent', '/services', { json: input })).status).toBe(403);
    const notAdopted = await call('landlord_officer', '/services', {
      json: { ...input, sectorId: p.sectorIds.N2 },
    });
    expect(notAdopted.status).toBe(409);
    expect(await notAdopted.json()).toEqual({
      error: 'not_adopted',
      message: accessRefusalMessage('not_adopted'),
      field: 'sectorId',
    });
    expect(
      (await call('landlord_officer', '/services', { json: { ...input, opensOn: `${monthOf(-3)}-02` } }))
        .status,
    ).toBe(422);

    const created = await call('landlord_officer', '/services', { json: input });
    expect(created.status).toBe(201);
    serviceId = (await created.json()).id;
    expect(serviceId).toEqual(expect.any(Number));

    const listed = await (await call('operator_agent', '/services')).json();
    expect(listed.items).toEqual([
      expect.objectContaining({
        id: serviceId,
        sectorId: p.sectorIds.N1,
        opensOn,
        closesOn: null,
        tariffs: [expect.objectContaining({ monthlyAmountCents: 110, effectiveFrom: opensOn })],
      }),
    ]);
    expect((await (await call('landlord_officer', '/services')).json()).adoptedWithoutService).toEqual([]);
  });

  it('adds a tariff from a future month only, and closes the service from a future month', async () => {
    const later = await call('coordinator', `/services/${serviceId}/tariffs`, {
      json: { monthlyAmountCents: 124, effectiveFrom: `${monthOf(2)}-01` },
    });
    expect(later.status).toBe(201);
    expect((await later.json()).id).toEqual(expect.any(Number));
    const past = await call('coordinator', `/services/${serviceId}/tariffs`, {
      json: { monthlyAmountCents: 99, effectiveFrom: `${thisMonth}-01` },
    });
    expect(past.status).toBe(409);
    expect(await past.json()).toMatchObject({ error: 'tariff_in_past', field: 'effectiveFrom' });
    expect(
      (
        await call('operator_agent', `/services/${serviceId}/tariffs`, {
          json: { monthlyAmountCents: 124, effectiveFrom: `${monthOf(3)}-01` },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('landlord_officer', `/services/${serviceId}/close`, {
          json: { closesOn: `${monthOf(24)}-01` },
        })
      ).status,
    ).toBe(204);
    expect(
      (await call('landlord_officer', '/services/999999/close', { json: { closesOn: '2099-01-01' } })).status,
    ).toBe(404);
  });

  it('runs a month and gives its summary, which reconciles', async () => {
    expect((await call('landlord_officer', '/charges/2026-13/run', { method: 'POST' })).status).toBe(422);
    const notRun = await call('landlord_officer', `/charges/${lastMonth}`);
    expect(notRun.status).toBe(404);
    expect(await notRun.json()).toEqual({
      error: 'not_found',
      message: 'Ces charges n’ont pas encore été calculées.',
    });
    expect((await call('operator_agent', `/charges/${lastMonth}/run`, { method: 'POST' })).status).toBe(403);

    const run = await call('landlord_officer', `/charges/${lastMonth}/run`, { method: 'POST' });
    expect(run.status).toBe(200);
    const summary = await run.json();
    // N1: 4 dwellings, L-003 and L-004 vacant (billed to the landlord).
    expect(summary).toMatchObject({
      month: lastMonth,
      status: 'open',
      lines: 4,
      totalCents: 440,
      vacantLines: 2,
      reconciles: true,
      closedAt: null,
      bySector: [{ sectorId: p.sectorIds.N1, dwellings: 4, tariffCents: 110, totalCents: 440 }],
    });
    expect(Date.parse(summary.runAt)).not.toBeNaN();
    expect(await (await call('coordinator', `/charges/${lastMonth}`)).json()).toEqual(summary);
    const months = await (await call('coordinator', '/charges')).json();
    expect(months.items).toEqual([
      expect.objectContaining({ month: lastMonth, status: 'open', lines: 4, totalCents: 440 }),
    ]);
  });

  it('pages the lines in a stable order', async () => {
    const first = await (await call('landlord_officer', `/charges/${lastMonth}/lines?limit=2`)).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextAfter).toBe(first.items[1].id);
    const second = await (
      await call('landlord_officer', `/charges/${lastMonth}/lines?limit=2&after=${first.nextAfter}`)
    ).json();
    expect(second.items).toHaveLength(2);
    expect(second.nextAfter).toBeNull();
    lineIds = [...first.items, ...second.items].map((l: { id: number }) => l.id);
    expect(lineIds).toEqual([...lineIds].sort((a, b) => a - b));
    expect(new Set(lineIds).size).toBe(4);
    expect(first.items[0]).toMatchObject({ month: lastMonth, kind: 'charge', amountCents: 110 });
    expect((await call('landlord_officer', `/charges/${lastMonth}/lines?limit=0`)).status).toBe(422);
  });

  it('gives the month as a CSV file for French spreadsheets', async () => {
    const res = await call('landlord_officer', `/charges/${lastMonth}/lines.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="charges-${lastMonth}.csv"`);
    const rows = (await fileText(res)).split('\r\n');
    expect(rows[0]).toBe(
      '\uFEFFmois;type;ligne;reference_logement;adresse;secteur;reference_foyer;montant_euros;ligne_corrigee;motif',
    );
    expect(rows.filter((r) => r.startsWith(`${lastMonth};charge;`))).toHaveLength(4);
    expect((await call('landlord_officer', `/charges/${monthOf(-2)}/lines.csv`)).status).toBe(404);
    expect((await call('operator_agent', `/charges/${lastMonth}/lines.csv`)).status).toBe(403);
  });

  it('closes a month for good; corrections are adjustments in a later open month', async () => {
    expect((await call('landlord_officer', `/charges/${lastMonth}/close`, { method: 'POST' })).status).toBe(
      204,
    );
    const again = await call('landlord_officer', `/charges/${lastMonth}/run`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: 'month_closed',
      message: accessRefusalMessage('month_closed'),
      field: 'month',
    });
    expect((await call('landlord_officer', `/charges/${thisMonth}/run`, { method: 'POST' })).status).toBe(
      200,
    );
    const adjustment = await call('landlord_officer', `/charges/${thisMonth}/adjustments`, {
      json: { lineId: lineIds[0], amountCents: -110, reason: 'Logement muré' },
    });
    expect(adjustment.status).toBe(201);
    expect((await adjustment.json()).id).toEqual(expect.any(Number));
    const refused = await call('landlord_officer', `/charges/${lastMonth}/adjustments`, {
      json: { lineId: lineIds[0], amountCents: -110, reason: 'Logement muré' },
    });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toBe('month_closed');
    expect(
      (
        await call('landlord_officer', `/charges/${thisMonth}/adjustments`, {
          json: { lineId: lineIds[0], amountCents: 0, reason: 'rien' },
        })
      ).status,
    ).toBe(422);
    const summary = await (await call('landlord_officer', `/charges/${thisMonth}`)).json();
    expect(summary).toMatchObject({
      lines: 4,
      adjustments: { count: 1, totalCents: -110 },
      reconciles: true,
    });
  });

  describe('activation requests', () => {
    const signUp = {
      contactName: 'Aïcha Benali',
      contactPhone: '06 12 34 56 78',
      slots: ['weekday_evening'],
      installHelp: true,
      consent: true,
    };
    let first: number;
    let second: number;

    it('a resident signs up its own household, not another', async () => {
      const created = await call('resident', `/households/${p.households['L-001']}/activation-requests`, {
        json: signUp,
      });
      expect(created.status).toBe(201);
      first = (await created.json()).id;
      expect(
        (await call('resident', `/households/${p.households['L-201']}/activation-requests`, { json: signUp }))
          .status,
        // Another household does not exist for a resident: the database's row policies hide it (second wall).
      ).toBe(404);
      const twice = await call('resident', `/households/${p.households['L-001']}/activation-requests`, {
        json: signUp,
      });
      expect(twice.status).toBe(409);
      expect((await twice.json()).error).toBe('request_live');
      expect(
        (
          await call('resident', `/households/${p.households['L-001']}/activation-requests`, {
            // Neither yes nor no to sharing the contact with the operator: nothing is sent.
            json: { ...signUp, consent: undefined },
          })
        ).status,
      ).toBe(422);
      const byStaff = await call(
        'landlord_officer',
        `/households/${p.households['L-002']}/activation-requests`,
        {
          json: { ...signUp, contactName: 'Hélène Le Gall', installHelp: false },
        },
      );
      expect(byStaff.status).toBe(201);
      second = (await byStaff.json()).id;
    });

    it('shows the operator only what the appointment needs', async () => {
      const res = await call('operator_agent', '/activation-requests');
      expect(res.status).toBe(200);
      const { items, next } = await res.json();
      expect(next).toBeNull();
      expect(items.map((i: { id: number }) => i.id)).toEqual([first, second]);
      for (const item of items)
        expect(Object.keys(item).sort()).toEqual(
          [
            'id',
            'status',
            'dwellingReference',
            'address',
            'postcode',
            'city',
            'floor',
            'contactName',
            'contactPhone',
            'contactShared',
            'slots',
            'installHelp',
            'sentAt',
            'scheduledFor',
            'activatedOn',
            'equipmentRef',
            'failureReason',
            'failureDetail',
            'updatedAt',
            'late',
          ].sort(),
        );
      expect(items[0]).toMatchObject({
        status: 'sent',
        contactPhone: '+33612345678',
        dwellingReference: 'L-001',
      });
      const staff = await (await call('landlord_officer', '/activation-requests?status=sent')).json();
      expect(staff.items[0]).toMatchObject({ householdReference: expect.any(String), installVisitAt: null });
      expect((await call('recycling_agent', '/activation-requests')).status).toBe(403);
    });

    it('pages by last change with a cursor, and refuses a cursor that does not fit', async () => {
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const page1 = await (
        await call('operator_agent', `/activation-requests?since=${encodeURIComponent(since)}&limit=1`)
      ).json();
      expect(page1.items).toHaveLength(1);
      expect(page1.next).toMatch(/\|\d+$/);
      const page2 = await (
        await call(
          'operator_agent',
          `/activation-requests?since=${encodeURIComponent(since)}&limit=1&after=${encodeURIComponent(page1.next)}`,
        )
      ).json();
      expect(page2.items).toHaveLength(1);
      expect(page2.items[0].id).not.toBe(page1.items[0].id);
      expect(page2.next).toBeNull();
      expect((await call('operator_agent', '/activation-requests?after=abc')).status).toBe(422);
      expect((await call('operator_agent', '/activation-requests?since=yesterday')).status).toBe(422);
    });

    it('applies an event once per Idempotency-Key, and refuses an illegal step with the current status', async () => {
      const scheduled = { kind: 'scheduled', scheduledFor: `${inAWeek}T10:00` };
      const once = await call('operator_agent', `/activation-requests/${first}/events`, {
        json: scheduled,
        headers: { 'Idempotency-Key': 'k-1' },
      });
      expect(once.status).toBe(200);
      expect(await once.json()).toEqual({ status: 'scheduled', replayed: false });
      const twice = await call('operator_agent', `/activation-requests/${first}/events`, {
        json: scheduled,
        headers: { 'Idempotency-Key': 'k-1' },
      });
      expect(await twice.json()).toEqual({ status: 'scheduled', replayed: true });

      const illegal = await call('operator_agent', `/activation-requests/${second}/events`, {
        json: { kind: 'activated', activatedOn: today, equipmentRef: 'ONT-1' },
      });
      expect(illegal.status).toBe(409);
      expect(await illegal.json()).toEqual({
        error: 'illegal_transition',
        message: accessRefusalMessage('illegal_transition'),
        status: 'sent',
      });
      expect(
        (
          await call('operator_agent', `/activation-requests/${second}/events`, {
            json: scheduled,
            headers: { 'Idempotency-Key': 'x'.repeat(201) },
          })
        ).status,
      ).toBe(422);
      expect(
        (await call('facilitator', `/activation-requests/${second}/events`, { json: scheduled })).status,
      ).toBe(403);

      const detail = await (await call('operator_agent', `/activation-requests/${first}`)).json();
      expect(detail.request).toMatchObject({ id: first, status: 'scheduled' });
      expect(detail.request.householdReference).toBeUndefined();
      expect(detail.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['sent', 'scheduled']);
    });

    it('lets a facility plan its visit to help install', async () => {
      expect(
        (
          await call('facilitator', `/activation-requests/${first}/install-visit`, {
            json: { at: `${inAWeek}T14:00` },
          })
        ).status,
      ).toBe(204);
      const noHelp = await call('facilitator', `/activation-requests/${second}/install-visit`, {
        json: { at: `${inAWeek}T14:00` },
      });
      expect(noHelp.status).toBe(409);
      expect((await noHelp.json()).error).toBe('not_install_help');
    });

    it('exports the requests as a CSV file for an operator without an integration', async () => {
      const res = await call('operator_agent', '/activation-requests.csv');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
      const rows = (await fileText(res)).split('\r\n');
      expect(rows[0]).toBe(
        '\uFEFFid;statut;reference_logement;adresse;code_postal;commune;etage;contact;telephone;creneaux;' +
          'aide_installation;envoyee_le;rendez_vous;active_le;materiel;echec;detail',
      );
      expect(rows.at(-1)).toBe('');
      expect(rows.slice(1, -1).map((r) => r.split(';')[0])).toEqual([String(first), String(second)]);
      const firstRow = rows[1]!.split(';');
      expect(firstRow).toEqual([
        String(first),
        'planifiee',
        'L-001',
        '12 rue de Kérourien',
        '29200',
        'Brest',
        '0',
        'Aïcha Benali',
        '+33612345678',
        'en semaine le soir',
        'oui',
        expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
        `${inAWeek} 10:00`,
        '',
        '',
        '',
        '',
      ]);
      const sent = (
        await fileText(await call('operator_agent', '/activation-requests.csv?status=sent'))
      ).split('\r\n');
      expect(sent.slice(1, -1).map((r) => r.split(';')[0])).toEqual([String(second)]);
      expect((await call('recycling_agent', '/activation-requests.csv')).status).toBe(403);
    });

    it('imports the operator’s steps from a CSV file, once', async () => {
      const file = [
        'id;evenement;date;materiel;raison;detail',
        `${first};active;${today};ONT-42;;`,
        `${second};planifie;${inAWeek} 09:30;;;`,
      ].join('\r\n');
      const imported = await call('operator_agent', '/activation-requests/events.csv', csvBody(file));
      expect(imported.status).toBe(200);
      expect(await imported.json()).toEqual({ applied: 2, replayed: 0, refused: [] });
      const again = await call('operator_agent', '/activation-requests/events.csv', csvBody(`\uFEFF${file}`));
      expect(await again.json()).toEqual({ applied: 0, replayed: 2, refused: [] });

      const statuses = await (await call('operator_agent', '/activation-requests')).json();
      expect(statuses.items.map((i: { status: string }) => i.status)).toEqual(['activated', 'scheduled']);
      expect(statuses.items[0]).toMatchObject({ activatedOn: today, equipmentRef: 'ONT-42' });

      // A step the request cannot take is reported; the other lines are applied.
      const refused = await call(
        'operator_agent',
        '/activation-requests/events.csv',
        csvBody(
          [
            'id;evenement;date;materiel;raison;detail',
            `${first};echec;;;other;`,
            '999999;echec;;;other;',
          ].join('\n'),
        ),
      );
      expect(await refused.json()).toEqual({
        applied: 0,
        replayed: 0,
        refused: [
          { line: 2, message: expect.stringContaining(accessRefusalMessage('illegal_transition')) },
          { line: 3, message: expect.stringContaining('999999') },
        ],
      });
      expect((await call('landlord_officer', '/activation-requests/events.csv', csvBody(file))).status).toBe(
        403,
      );
    });

    it('applies nothing from a file with errors, and says which lines', async () => {
      const bad = await call(
        'operator_agent',
        '/activation-requests/events.csv',
        csvBody(
          [
            'id;evenement;date;materiel;raison;detail',
            `${second};echec;;;nobody_home;Personne au rendez-vous`,
            `${second};installe;;;;`,
            'abc;active;2026-13-45;;;',
            `${second};planifie;demain;;;`,
          ].join('\n'),
        ),
      );
      expect(bad.status).toBe(422);
      const body = await bad.json();
      expect(body.error).toBe('invalid_file');
      expect([...new Set(body.errors.map((e: { line: number }) => e.line))]).toEqual([3, 4, 5]);
      expect(body.errors).toEqual(
        expect.arrayContaining([
          { line: 3, message: expect.stringContaining('evenement') },
          { line: 4, message: expect.stringContaining('id') },
          { line: 4, message: expect.stringContaining('materiel') },
          { line: 5, message: expect.stringContaining('date') },
        ]),
      );
      const still = await (await call('operator_agent', `/activation-requests/${second}`)).json();
      expect(still.request.status).toBe('scheduled');
      const missing = await call(
        'operator_agent',
        '/activation-requests/events.csv',
        csvBody('id;date\n1;x'),
      );
      expect(missing.status).toBe(422);
      expect((await missing.json()).errors).toEqual([
        { line: 1, message: expect.stringContaining('evenement') },
      ]);
    });
  });
});
