import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { localDate } from '../src/platform/dates.ts';
import { decideStage, recordMeeting } from '../src/rollout/index.ts';
import { testDatabase } from '../test/database.ts';
import { buildProgramme } from '../test/programme.ts';
import { placeRolloutFixture } from '../test/rollout.ts';

// Each test starts several `palier` processes (about 2 s each, more on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(path.join(os.tmpdir(), 'palier-cli-rollout-'));
const today = localDate(new Date());

beforeAll(async () => {
  const { db, url } = await testDatabase();
  const p = await buildProgramme(db, 'rollout-cli');
  // N1 in Kerourien, 120 m from a facility running a beginners' cycle: ready, so placed in the calendar.
  await placeRolloutFixture(db, p);
  await recordMeeting({
    db,
    actor: p.actors.coordinator,
    sectorId: p.sectorIds.N2,
    input: { heldOn: today, place: 'Mairie de quartier', attendees: 'Ville, locataires' },
  });
  // A refused decision changes nothing: N2 stays identified.
  await decideStage({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N2, input: { stage: 'works' } });
  env = { ...process.env, DATABASE_URL: url, PALIER_SECRET: 'cli-test-secret-cli-test-secret-0123' };
});

const palier = (...args: string[]) => {
  const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, 'palier.ts'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout.trim(), err: run.stderr.trim() };
};

describe('palier rollout', () => {
  it('prints the suggested calendar, one line per sector with its place and dates, its reasons below', () => {
    const run = palier('rollout', 'plan');
    expect(run.code, run.err).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toBe(`Calendrier du déploiement au ${today} (3 secteurs)`);
    const n1 = lines.find((l) => l.startsWith('N1\t'))!;
    expect(n1.split('\t').slice(0, 4)).toEqual(['N1', 'Secteur N1', 'identifié', 'proposé']);
    expect(n1).toMatch(/consultation \d{4}-\d{2}-01, vote \d{4}-\d{2}-01, service \d{4}-\d{2}-01$/);
    expect(lines[lines.indexOf(n1) + 1]).toBe(
      '    - Pas encore prêt : il manque l’avis d’un lieu de médiation et d’une association de locataires',
    );
    expect(lines.find((l) => l.startsWith('S3\t'))).toContain('non planifié');
  });

  it('writes the calendar as a CSV for French spreadsheets, or as an iCalendar of milestones', () => {
    const file = path.join(dir, 'plan.csv');
    const csv = palier('rollout', 'plan', '--format', 'csv', '--out', file);
    expect(csv.code, csv.err).toBe(0);
    expect(csv.err).toBe(`plan of 3 sectors written to ${file}`);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    expect(text.split('\r\n')[0]).toContain(';');
    expect(text).toContain('N1;');

    const ics = palier('rollout', 'plan', '--format', 'ics');
    expect(ics.code, ics.err).toBe(0);
    expect(ics.out).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics.out).toContain('SUMMARY:Secteur N1');

    const bad = palier('rollout', 'plan', '--format', 'pdf');
    expect(bad).toMatchObject({ code: 1, err: 'palier: --format must be one of text, csv, ics' });
  });

  it('shows where a sector stands: its stage since when, its history, and what the next stage still needs', () => {
    const run = palier('rollout', 'sector', 'n2');
    expect(run.code, run.err).toBe(0);
    expect(run.out.split('\n')).toEqual([
      `N2 Secteur N2: identifié since ${today}`,
      'history:',
      `  ${today}  identifié  (décision, tests)  Secteur créé`,
      'next: partenaires consultés, missing:',
      '  - Le lieu de médiation et les représentants des locataires ont donné leur accord',
      '  - Les locataires ont été informés (affiches, réunion)',
    ]);
    const unknown = palier('rollout', 'sector', 'ZZ');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('palier: no sector with the code "ZZ" (codes: N1, N2, S3)');
  });
});
