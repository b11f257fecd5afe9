import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  issueCertificate,
  listFrameworks,
  setIssuer,
  validateCompetency,
} from '../src/certificates/index.ts';
import { setPriceTier } from '../src/equipment/index.ts';
import type { PhoneNumber } from '../src/households/index.ts';
import { openVote } from '../src/votes/index.ts';
import { testDatabase } from '../test/database.ts';
import { buildProgramme, stockCsv } from '../test/programme.ts';

// Each test starts several `palier` processes (about 2 s each, more on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

let env: NodeJS.ProcessEnv;
let voteReference: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'palier-cli-'));

beforeAll(async () => {
  const { db, url } = await testDatabase();
  const p = await buildProgramme(db);
  const opened = await openVote({
    db,
    actor: p.actors.landlord_officer,
    input: {
      sectorId: p.sectorIds.N1,
      procedure: 'approval',
      opensAt: new Date(Date.now() - 60_000),
      closesAt: new Date(Date.now() + 20 * 86_400_000),
      operatorId: p.actors.operator_agent.organisationId!,
      serviceName: 'Internet collectif',
      monthlyAmountCents: 110,
      tariffFrom: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
      helpPhone: '+33298000000' as PhoneNumber,
    },
  });
  if (!opened.ok) throw new Error(opened.reason);
  voteReference = opened.reference;
  await setPriceTier({
    db,
    actor: p.actors.recycling_agent,
    input: { tier: 'standard', label: 'Standard', amountCents: 4000, effectiveFrom: '2012-01-01' },
  });
  await setIssuer({
    db,
    actor: p.actors.coordinator,
    organisationId: p.actors.facilitator.organisationId!,
    authorised: true,
  });
  const [member] = await db.execute<{ id: number }>(
    sql`select id from household_member where household_id = ${p.households['L-001']!} order by id limit 1`,
  );
  const frameworks = await listFrameworks({ db });
  const pim = frameworks.find((f) => f.code === 'pim')!;
  const level = pim.levels.find((l) => l.code === 'visa-decouverte')!;
  for (const code of level.required)
    await validateCompetency({
      db,
      actor: p.actors.facilitator,
      memberId: member!.id,
      input: {
        competencyId: pim.competencies.find((c) => c.code === code)!.id,
        validatedOn: new Date().toISOString().slice(0, 10),
      },
    });
  // A name typed as a spreadsheet formula: listed as text, never run by the spreadsheet.
  const [formula] = await db.execute<{ id: number }>(
    sql`select id from household_member where household_id = ${p.households['L-002']!} order by id limit 1`,
  );
  for (const code of level.required)
    await validateCompetency({
      db,
      actor: p.actors.facilitator,
      memberId: formula!.id,
      input: {
        competencyId: pim.competencies.find((c) => c.code === code)!.id,
        validatedOn: new Date().toISOString().slice(0, 10),
      },
    });
  await issueCertificate({
    db,
    actor: p.actors.facilitator,
    memberId: formula!.id,
    levelId: level.id,
    holderName: '=HYPERLINK("http://example.org")',
  });
  const issued = await issueCertificate({
    db,
    actor: p.actors.facilitator,
    memberId: member!.id,
    levelId: level.id,
  });
  if (!issued.ok) throw new Error(issued.reason);
  env = { ...process.env, DATABASE_URL: url, PALIER_SECRET: 'cli-test-secret-cli-test-secret-0123' };
});

const palier = (...args: string[]) => {
  const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, 'palier.ts'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout.trim(), err: run.stderr.trim() };
};

describe('the palier command', () => {
  it('imports a stock file, then finds nothing to change when it is imported again', () => {
    const file = path.join(dir, 'stock.csv');
    writeFileSync(file, `${stockCsv}\nL-500;30 rue Neuve;29200;29019;Brest;B-50;0;2;S3`);
    const first = palier('import', 'dwellings', file);
    expect(first).toMatchObject({
      code: 0,
      out: expect.stringContaining('13 rows: dwellings 1 added, 0 changed, 12 unchanged'),
    });
    expect(palier('import', 'dwellings', file).out).toContain('dwellings 0 added, 0 changed, 13 unchanged');
  });

  it('refuses a file with errors, listing them by line, and exits 1', () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, `${stockCsv}\nL-501;;29200;29019;Brest;B-50;0;2;S3`);
    const run = palier('import', 'dwellings', file);
    expect(run.code).toBe(1);
    expect(run.err).toContain('line 14: adresse est vide');
    expect(run.err).toContain('palier: 1 invalid row(s) in 13: nothing imported');
  });

  it('creates a user and an API token for them', () => {
    const user = palier(
      'user',
      'create',
      '--email',
      'sig@example.org',
      '--name',
      'SIG bailleur',
      '--role',
      'landlord_officer',
      '--organisation',
      'Bailleur',
    );
    expect(user.code).toBe(0);
    expect(user.out).toMatch(/created with password: \S{12,}/);
    const token = palier('token', 'create', '--email', 'sig@example.org', '--name', 'Logiciel du bailleur');
    expect(token).toMatchObject({ code: 0, out: expect.stringMatching(/^plr_[\w-]{43}$/) });
  });

  it('lists votes, prints letters as a vote officer, writes the draft report, and verifies counts', () => {
    expect(palier('votes', 'list')).toMatchObject({
      code: 0,
      out: expect.stringContaining(`${voteReference}\tSecteur N1\tapproval\topen\t0/2`),
    });
    const letters = path.join(dir, 'letters.pdf');
    expect(
      palier(
        'votes',
        'letters',
        voteReference,
        '--as',
        'landlord-officer@test.example.org',
        '--out',
        letters,
      ),
    ).toMatchObject({
      code: 0,
      out: `2 letters written to ${letters}`,
    });
    expect(readFileSync(letters).subarray(0, 5).toString()).toBe('%PDF-');
    const refused = palier(
      'votes',
      'letters',
      voteReference,
      '--as',
      'coordinator@test.example.org',
      '--out',
      letters,
    );
    expect(refused).toMatchObject({ code: 1, err: 'palier: forbidden: vote.conduct' });
    const report = path.join(dir, 'pv.pdf');
    expect(palier('votes', 'report', voteReference, '--out', report)).toMatchObject({
      code: 1,
      err: 'palier: the vote is still open: its draft report is for a vote officer (--as <e-mail>)',
    });
    expect(
      palier(
        'votes',
        'report',
        voteReference.toLowerCase(),
        '--as',
        'landlord-officer@test.example.org',
        '--out',
        report,
      ),
    ).toMatchObject({ code: 0, out: `report written to ${report}` });
    expect(palier('votes', 'verify')).toMatchObject({ code: 0, out: `${voteReference}\tnot certified` });
  });

  it('records computers from the recycling centre’s CSV, all or nothing', () => {
    const file = path.join(dir, 'devices.csv');
    const header =
      'type;ensemble;marque;modele;processeur;memoire_go;stockage_go;systeme;grade;numero_serie;donateur;recu_le;tarif';
    writeFileSync(
      file,
      `${header}\nportable;non;Dell;E7450;i5;8;256;Linux Mint;A;SN-CLI-1;;2026-10-01;standard\nbureau;oui;HP;;i3;4;500;Windows;Z;SN-CLI-2;;2026-10-01;standard`,
    );
    const as = ['--as', 'recycling-agent@test.example.org'];
    const refused = palier('import', 'devices', file, ...as);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('line 3: model');
    writeFileSync(
      file,
      `${header}\nportable;non;Dell;E7450;i5;8;256;Linux Mint;A;SN-CLI-1;;2026-10-01;standard`,
    );
    expect(palier('import', 'devices', file, ...as)).toMatchObject({ code: 0, out: '1 computers recorded' });
  });

  it('imports facilities of the national standard, all or nothing, exports them, and runs the outbox', () => {
    const header =
      'id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv';
    const line = (id: string, postcode: string, services: string) =>
      `${id},43493312300029,Maison ${id},Brest,${postcode},29019,12 rue de Kérourien,,48.39,-4.51,,+33298000000,,,"Mo-Fr 09:00-12:00",,,,,,2026-11-02,${services},,,Gratuit,,,,Se présenter,Dans un atelier collectif,,`;
    const bad = path.join(dir, 'lieux-bad.csv');
    writeFileSync(
      bad,
      [
        header,
        line('a', '29200', 'Maîtrise des outils numériques du quotidien'),
        line('b', '2920', 'Cuisine'),
      ].join('\n'),
    );
    const refused = palier('import', 'facilities', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/line 3, code_postal/);
    expect(refused.err).toMatch(/line 3, services/);
    expect(refused.err).toContain('nothing imported');
    const good = path.join(dir, 'lieux.csv');
    writeFileSync(
      good,
      [
        header,
        line('a', '29200', 'Maîtrise des outils numériques du quotidien'),
        line('b', '29200', 'Aide aux démarches administratives'),
      ].join('\n'),
    );
    expect(palier('import', 'facilities', good)).toMatchObject({
      code: 0,
      out: '2 facilities: 2 added, 0 updated',
    });
    expect(palier('import', 'facilities', good)).toMatchObject({
      code: 0,
      out: '2 facilities: 0 added, 2 updated',
    });
    const exported = palier('export', 'facilities');
    expect(exported.code).toBe(0);
    expect(exported.out.split(/\r?\n/)[0]).toBe(header);
    expect(exported.out).toContain('Maison b');
    expect(palier('outbox')).toMatchObject({
      code: 0,
      out: '0 reminders queued; no e-mail or SMS transport configured: messages stay in the outbox',
    });
  });

  it('lists certificates and verifies a code as the public page does', () => {
    const list = palier('certificates', 'list');
    expect(list.code).toBe(0);
    const [header, first, second] = list.out.split('\n');
    expect(header).toBe('code;titulaire;niveau;delivre_par;date;statut');
    expect(first).toMatch(
      /^P-[0-9A-HJKMNP-Z]{8};Aïcha Benali;Visa Internet — découverte;Centre social;\d{4}-\d{2}-\d{2};valide$/,
    );
    expect(second).toContain(';"\'=HYPERLINK(""http://example.org"")";');
    const code = first!.split(';')[0]!;
    expect(palier('certificates', 'verify', code.toLowerCase())).toMatchObject({
      code: 0,
      out: expect.stringContaining('valid'),
    });
    expect(palier('certificates', 'verify', 'P-23456789')).toMatchObject({
      code: 1,
      err: 'palier: no certificate with the code P-23456789',
    });
    expect(palier('certificates', 'verify', 'nope')).toMatchObject({ code: 1 });
  });

  it('computes, exports and closes a month of charges as a landlord officer', () => {
    const as = ['--as', 'landlord-officer@test.example.org'];
    const run = palier('charges', 'run', '--month', '2026-01', ...as);
    expect(run).toMatchObject({
      code: 0,
      out: expect.stringMatching(/2026-01: 0 lines \(0 vacant\), total 0\.00 €, reconciles/),
    });
    const file = path.join(dir, 'charges.csv');
    expect(palier('charges', 'export', '--month', '2026-01', ...as, '--out', file)).toMatchObject({
      code: 0,
      out: `0 lines written to ${file}`,
    });
    expect(readFileSync(file, 'utf8')).toBe(
      '\uFEFFmois;type;ligne;reference_logement;adresse;secteur;reference_foyer;montant_euros;ligne_corrigee;motif\r\n',
    );
    expect(palier('charges', 'close', '--month', '2026-01', ...as)).toMatchObject({
      code: 0,
      out: '2026-01 closed',
    });
    expect(palier('charges', 'run', '--month', '2026-01', ...as)).toMatchObject({
      code: 1,
      err: expect.stringContaining('palier: Les charges de ce mois sont closes'),
    });
  });

  it.each([
    [['charges', 'run', '--month', '2026-13', '--as', 'x@y.z'], 'palier: --month must be YYYY-MM'],
    [['votes', 'report', 'CV-1999-0001', '--out', '/tmp/x.pdf'], 'palier: not found: tenant_vote'],
    [
      ['token', 'create', '--email', 'nobody@example.org'],
      'palier: no user with e-mail nobody@example.org in this programme',
    ],
    [
      [
        'user',
        'create',
        '--email',
        'a@example.org',
        '--name',
        'A',
        '--role',
        'pilot',
        '--organisation',
        'Bailleur',
      ],
      'palier: --role must be one of',
    ],
    [
      [
        'user',
        'create',
        '--email',
        'b@example.org',
        '--name',
        'B',
        '--role',
        'operator_agent',
        '--organisation',
        'Bailleur',
      ],
      'palier: role operator_agent does not fit a landlord',
    ],
    [['import', 'dwellings', '/no/such/file.csv'], 'palier: cannot read /no/such/file.csv'],
    [['seed', 'scale', '--dwellings', 'many'], 'palier: --dwellings must be a whole number'],
  ])('says what is wrong in one line: %j', (args, message) => {
    const run = palier(...args);
    expect(run.code).toBe(1);
    expect(run.err.split('\n').at(-1)).toContain(message);
  });
});
