// `npm run palier -- <command>`: batch work on Palier's database. Errors are one clear line; long work shows progress.

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError } from 'commander';
import { outboxTick } from '../server/outbox.ts';
import {
  accessRefusalMessage,
  chargesCsv,
  closeCharges,
  monthStart,
  runCharges,
} from '../src/access/index.ts';
import { createVerifyLimiter, listCertificates, verifyCertificate } from '../src/certificates/index.ts';
import { seedDemo, seedScale } from '../src/demo/index.ts';
import { importDevices } from '../src/equipment/index.ts';
import {
  actorFor,
  createApiToken,
  createOrganisation,
  createUser,
  ensureProgramme,
  findActiveUser,
  findProgramme,
  listOrganisations,
  listProgrammes,
  listUsers,
  organisationKinds,
} from '../src/partners/index.ts';
import { ConfigError, loadConfig } from '../src/platform/config.ts';
import { CsvFormatError, csvCell } from '../src/platform/csv/index.ts';
import { type Database, openDatabase, runMigrations } from '../src/platform/db/index.ts';
import {
  cliActor,
  ForbiddenError,
  NotFoundError,
  type Role,
  roles,
} from '../src/platform/permissions/index.ts';
import { importDwellings } from '../src/territory/index.ts';
import {
  listVotes,
  verifyVoteCount,
  voteIdByReference,
  voteLetters,
  voteReport,
} from '../src/votes/index.ts';
import { exportFacilities, importFacilities, workshopRefusalMessage } from '../src/workshops/index.ts';
import { registerBackupCommands } from './backup.ts';
import { registerCoordinationCommands } from './coordination.ts';
import { registerImpactRecordCommands } from './impact-records.ts';
import { registerOpenDataCommands } from './open-data.ts';
import { registerPrivacyCommands } from './privacy.ts';
import { registerReportCommands } from './report.ts';
import { registerRetentionCommands } from './retention.ts';
import { registerRolloutCommands } from './rollout.ts';

class CliError extends Error {}

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig(), { max: 4 });
  try {
    await runMigrations(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

async function programmeIdFor(database: Database, slug?: string): Promise<number> {
  const found = await findProgramme(database.db, slug);
  if (found) return found.id;
  const all = await listProgrammes(database.db);
  if (slug)
    throw new CliError(
      `programme "${slug}" not found (existing: ${all.map((p) => p.slug).join(', ') || 'none'})`,
    );
  throw new CliError(
    all.length === 0
      ? 'no programme yet: run `palier seed demo` or `palier programme create <slug> <name>`'
      : `several programmes exist, name one with --programme (${all.map((p) => p.slug).join(', ')})`,
  );
}

function progressBar(label: string) {
  // In a terminal the bar redraws in place; in a log (CI, cron) a line is written every few seconds.
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 3000,
    },
    undefined,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

const program = new Command('palier')
  .description('Palier — accompanied Internet access programmes in social housing')
  .exitOverride();

program
  .command('migrate')
  .description('apply the database migrations')
  .action(() => withDatabase(async () => console.log('migrations applied')));

const seed = program.command('seed').description('seed data');
seed
  .command('demo')
  .description('seed the Brest-like demo programme (once)')
  .action(() =>
    withDatabase(async ({ db }) => {
      if (await findProgramme(db, 'brest')) throw new CliError('the demo programme "brest" already exists');
      await seedDemo(db, (step) => console.log(`demo: ${step}`));
      console.log('demo programme seeded');
    }),
  );
seed
  .command('scale')
  .description('generate a deterministic synthetic programme for benchmarks')
  .requiredOption('--dwellings <n>', 'number of dwellings (5300000 for France)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 20_000_000)
      throw new CliError('--dwellings must be a whole number between 1 and 20000000');
    return n;
  })
  .option('--programme <slug>', 'programme to (re)create', 'scale')
  .action((options: { dwellings: number; programme: string }) =>
    withDatabase(async ({ db }) => {
      const started = Date.now();
      let current = '';
      let bar = progressBar('');
      const { shape } = await seedScale(db, {
        dwellings: options.dwellings,
        slug: options.programme,
        onProgress: (step, done, total) => {
          if (step !== current) {
            bar.stop();
            current = step;
            bar = progressBar(step.padEnd(22));
          }
          bar.update(done, total);
        },
      });
      bar.stop();
      console.log(
        `programme "${options.programme}": ${shape.neighbourhoods} neighbourhoods, ${shape.sectors} sectors, ${shape.buildings} buildings, ${shape.dwellings} dwellings in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }),
  );

const importCommand = program.command('import').description('import files');
importCommand
  .command('dwellings')
  .description('import the landlord’s stock export (CSV; columns in the README)')
  .argument('<file>', 'CSV file, UTF-8, ; or , separated')
  .option('--skip-invalid', 'import the valid rows and report the others')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((file: string, options: { skipInvalid?: boolean; programme?: string }) =>
    withDatabase(async (database) => {
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch {
        throw new CliError(`cannot read ${file}`);
      }
      const actor = cliActor(await programmeIdFor(database, options.programme));
      const bar = progressBar('dwellings');
      const report = await importDwellings({
        db: database.db,
        actor,
        file: content,
        skipInvalid: options.skipInvalid,
        onProgress: bar.update,
      });
      bar.stop();
      for (const error of report.errors.slice(0, 50)) console.error(`line ${error.line}: ${error.message}`);
      if (report.errors.length > 50) console.error(`… and ${report.errors.length - 50} more errors`);
      if (!report.imported) {
        throw new CliError(
          `${report.errors.length} invalid row(s) in ${report.rows}: nothing imported (use --skip-invalid to import the valid rows)`,
        );
      }
      const d = report.dwellings;
      console.log(
        `${report.rows} rows: dwellings ${d.inserted} added, ${d.updated} changed, ${d.unchanged} unchanged; buildings ${report.buildings.inserted} added, ${report.buildings.updated} changed${report.errors.length ? `; ${report.errors.length} rows skipped` : ''}`,
      );
    }),
  );

importCommand
  .command('devices')
  .description('bulk intake of refurbished computers (CSV; columns in the README), all or nothing')
  .argument('<file>', 'CSV file, UTF-8, ; or , separated')
  .requiredOption('--as <email>', 'the recycling centre’s agent recording them')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((file: string, options: { as: string; programme?: string }) =>
    withDatabase(async (database) => {
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch {
        throw new CliError(`cannot read ${file}`);
      }
      const actor = await actorAs(database, await programmeIdFor(database, options.programme), options.as);
      const report = await importDevices({ db: database.db, actor, file: content });
      for (const error of report.errors.slice(0, 50)) console.error(`line ${error.line}: ${error.message}`);
      if (!report.imported)
        throw new CliError(`${report.errors.length} error(s) in ${report.rows} row(s): nothing imported`);
      console.log(`${report.imported} computers recorded`);
    }),
  );

importCommand
  .command('facilities')
  .description('import facilities from the national standard (schéma des lieux de médiation numérique, CSV)')
  .argument('<file>', 'CSV file of the standard, UTF-8, , or ; separated, multi-values with |')
  .option('--organisation <id>', 'link every facility to this facility partner (organisation id)')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((file: string, options: { organisation?: string; programme?: string }) =>
    withDatabase(async (database) => {
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch {
        throw new CliError(`cannot read ${file}`);
      }
      const organisationId = options.organisation === undefined ? undefined : Number(options.organisation);
      if (organisationId !== undefined && !(Number.isInteger(organisationId) && organisationId > 0))
        throw new CliError('--organisation must be an organisation id (see `palier organisation list`)');
      const actor = cliActor(await programmeIdFor(database, options.programme));
      const report = await importFacilities({ db: database.db, actor, file: content, organisationId });
      if ('ok' in report) throw new CliError(workshopRefusalMessage(report.reason));
      for (const error of report.errors.slice(0, 50))
        console.error(`line ${error.line}${error.column ? `, ${error.column}` : ''}: ${error.message}`);
      if (report.errors.length > 50) console.error(`… and ${report.errors.length - 50} more errors`);
      if (report.errors.length) throw new CliError(`${report.errors.length} error(s): nothing imported`);
      console.log(`${report.imported} facilities: ${report.created} added, ${report.updated} updated`);
    }),
  );

const exportCommand = program.command('export').description('export files');
exportCommand
  .command('facilities')
  .description('export the facilities in the national standard (CSV)')
  .option('--out <file>', 'write to a file instead of the standard output')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((options: { out?: string; programme?: string }) =>
    withDatabase(async (database) => {
      const csv = await exportFacilities({
        db: database.db,
        programmeId: await programmeIdFor(database, options.programme),
      });
      if (options.out) {
        writeFileSync(options.out, csv);
        console.error(`${csv.split('\n').filter(Boolean).length - 1} facilities written to ${options.out}`);
      } else process.stdout.write(csv);
    }),
  );

program
  .command('outbox')
  .description(
    'queue the reminders due now and deliver due e-mails and SMS (the server does it every minute)',
  )
  .action(() =>
    withDatabase(async (database) => {
      let done = 0;
      const tick = await outboxTick(database.db, loadConfig(), {
        limit: 1000,
        onReminders: (n) => console.error(`reminders: ${n} places considered`),
        onDelivery: () => {
          done++;
          if (done % 100 === 0) console.error(`delivery: ${done} messages handled`);
        },
      });
      console.log(
        `${tick.queued} reminders queued; ${
          tick.transports
            ? `${tick.sent} sent, ${tick.retried} to retry, ${tick.failed} failed`
            : 'no e-mail or SMS transport configured: messages stay in the outbox'
        }`,
      );
    }),
  );

program
  .command('programme')
  .description('programmes')
  .command('create')
  .argument('<slug>', 'short identifier, e.g. brest')
  .argument('<name>', 'display name')
  .action((slug: string, name: string) =>
    withDatabase(async ({ db }) => {
      if (!/^[a-z0-9-]{2,40}$/.test(slug))
        throw new CliError('slug: 2 to 40 lowercase letters, digits or dashes');
      console.log(`programme ${slug}: id ${await ensureProgramme(db, slug, name)}`);
    }),
  );

program
  .command('organisation')
  .description('partner organisations')
  .command('create')
  .requiredOption('--kind <kind>', organisationKinds.join(' | '))
  .requiredOption('--name <name>', 'organisation name')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((options: { kind: string; name: string; programme?: string }) =>
    withDatabase(async (database) => {
      if (!(organisationKinds as readonly string[]).includes(options.kind))
        throw new CliError(`--kind must be one of ${organisationKinds.join(', ')}`);
      const actor = cliActor(await programmeIdFor(database, options.programme));
      const created = await createOrganisation({
        db: database.db,
        actor,
        input: { kind: options.kind as never, name: options.name },
      });
      if (!created.ok) throw new CliError(`an organisation named "${options.name}" already exists`);
      console.log(`organisation ${options.name}: id ${created.id}`);
    }),
  );

program
  .command('user')
  .description('users')
  .command('create')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--role <role>', roles.join(' | '))
  .requiredOption('--organisation <name>', 'partner organisation name')
  .option('--password <password>', 'at least 12 characters (default: a random one, printed once)')
  .option('--programme <slug>', 'programme (when there are several)')
  .action(
    (options: {
      email: string;
      name: string;
      role: string;
      organisation: string;
      password?: string;
      programme?: string;
    }) =>
      withDatabase(async (database) => {
        if (!(roles as readonly string[]).includes(options.role))
          throw new CliError(`--role must be one of ${roles.join(', ')}`);
        if (options.password !== undefined && options.password.length < 12)
          throw new CliError('--password must have at least 12 characters');
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(options.email))
          throw new CliError(`"${options.email}" is not an e-mail address`);
        const actor = cliActor(await programmeIdFor(database, options.programme));
        const organisation = (await listOrganisations({ db: database.db, actor })).find(
          (o) => o.name === options.organisation,
        );
        if (!organisation) throw new CliError(`no organisation named "${options.organisation}"`);
        const password = options.password ?? randomBytes(12).toString('base64url');
        const created = await createUser({
          db: database.db,
          actor,
          password,
          input: {
            email: options.email,
            name: options.name,
            role: options.role as Role,
            organisationId: organisation.id,
          },
        });
        if (!created.ok) {
          const reasons = {
            email_taken: 'a user with this e-mail already exists',
            role_not_allowed: `role ${options.role} does not fit a ${organisation.kind}`,
            unknown_organisation: 'unknown organisation',
          };
          throw new CliError(reasons[created.reason]);
        }
        console.log(`user ${options.email} created${options.password ? '' : ` with password: ${password}`}`);
      }),
  );

program
  .command('token')
  .description('API tokens for partner systems')
  .command('create')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'what system uses it', 'CLI')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((options: { email: string; name: string; programme?: string }) =>
    withDatabase(async (database) => {
      const actor = cliActor(await programmeIdFor(database, options.programme));
      const owner = (await listUsers({ db: database.db, actor })).find(
        (u) => u.email === options.email.toLowerCase(),
      );
      if (!owner) throw new CliError(`no user with e-mail ${options.email} in this programme`);
      const created = await createApiToken({ db: database.db, actor, userId: owner.id, name: options.name });
      if (!created.ok) throw new CliError(`user ${options.email} is not active`);
      console.log(created.token);
    }),
  );

/** The actor for work a person must do themselves (printing ballot codes): an active user of the programme. */
async function actorAs(database: Database, programmeId: number, email: string) {
  const owner = (await listUsers({ db: database.db, actor: cliActor(programmeId) })).find(
    (u) => u.email === email.toLowerCase(),
  );
  const staff = owner ? await findActiveUser(database.db, owner.id) : null;
  if (!staff) throw new CliError(`no active user with e-mail ${email} in this programme`);
  // The audit trail says the command line acted in this person's name.
  const actor = actorFor(staff, { ip: null, channel: 'cli' });
  return { ...actor, label: `${actor.label} via palier CLI` };
}

function writeFile(path: string, bytes: Uint8Array) {
  try {
    writeFileSync(path, bytes);
  } catch {
    throw new CliError(`cannot write ${path}`);
  }
}

const votes = program.command('votes').description('tenant votes');
votes
  .command('list')
  .description('the votes of the programme, with turnout and result')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((options: { programme?: string }) =>
    withDatabase(async (database) => {
      const actor = cliActor(await programmeIdFor(database, options.programme));
      for (let beforeId: number | undefined, more = true; more; ) {
        const page = await listVotes({ db: database.db, actor, beforeId, limit: 200 });
        for (const v of page.votes)
          console.log(
            [
              v.reference,
              v.sectorName,
              v.procedure,
              v.phase,
              `${v.voted}/${v.dwellingsConcerned}`,
              v.result ?? '-',
            ].join('\t'),
          );
        beforeId = page.nextBeforeId ?? undefined;
        more = page.nextBeforeId !== null;
      }
    }),
  );
votes
  .command('verify')
  .description('recount every certified vote from its ballots; exits 1 if a count differs')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((options: { programme?: string }) =>
    withDatabase(async (database) => {
      const report = await verifyVoteCount(database.db, await programmeIdFor(database, options.programme));
      const wrong = report.filter((r) => r.matches === false);
      for (const r of report)
        console.log(
          `${r.reference}\t${r.matches === null ? 'not certified' : r.matches ? 'recount matches' : 'RECOUNT DIFFERS'}`,
        );
      if (wrong.length)
        throw new CliError(`${wrong.length} certified vote(s) do not match a recount of their ballots`);
    }),
  );
votes
  .command('letters')
  .description('print the letters of a vote (one A4 page per dwelling, with its ballot code) to a PDF file')
  .argument('<reference>', 'the vote, e.g. CV-2027-0003')
  .requiredOption('--as <email>', 'the landlord’s vote officer printing them (recorded in the audit trail)')
  .requiredOption('--out <file>', 'PDF file to write')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((reference: string, options: { as: string; out: string; programme?: string }) =>
    withDatabase(async (database) => {
      const programmeId = await programmeIdFor(database, options.programme);
      const actor = await actorAs(database, programmeId, options.as);
      const voteId = await voteIdByReference(database.db, programmeId, reference);
      const config = loadConfig();
      const { pdf, count } = await voteLetters({
        db: database.db,
        actor,
        voteId,
        voteUrl: `${config.baseUrl.replace(/\/$/, '')}/vote`,
      });
      writeFile(options.out, pdf);
      console.log(`${count} letters written to ${options.out}`);
    }),
  );
votes
  .command('report')
  .description('write the procès-verbal of a vote to a PDF file (while open, a draft for the vote officers)')
  .argument('<reference>', 'the vote, e.g. CV-2027-0003')
  .requiredOption('--out <file>', 'PDF file to write')
  .option('--as <email>', 'a vote officer, for the draft of an open vote')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((reference: string, options: { out: string; as?: string; programme?: string }) =>
    withDatabase(async (database) => {
      const programmeId = await programmeIdFor(database, options.programme);
      const actor = options.as ? await actorAs(database, programmeId, options.as) : cliActor(programmeId);
      const voteId = await voteIdByReference(database.db, programmeId, reference);
      const config = loadConfig();
      try {
        const { pdf } = await voteReport({
          db: database.db,
          actor,
          voteId,
          voteUrl: `${config.baseUrl.replace(/\/$/, '')}/vote`,
        });
        writeFile(options.out, pdf);
      } catch (error) {
        if (error instanceof ForbiddenError && !options.as)
          throw new CliError(
            'the vote is still open: its draft report is for a vote officer (--as <e-mail>)',
          );
        throw error;
      }
      console.log(`report written to ${options.out}`);
    }),
  );

const certificates = program.command('certificates').description('Visa Internet certificates');
certificates
  .command('list')
  .description('the certificates issued (newest first), as CSV on the standard output')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((options: { programme?: string }) =>
    withDatabase(async (database) => {
      const actor = cliActor(await programmeIdFor(database, options.programme));
      console.log('code;titulaire;niveau;delivre_par;date;statut');
      let beforeId: number | undefined;
      for (;;) {
        const page = await listCertificates({ db: database.db, actor, beforeId, limit: 200 });
        for (const c of page)
          console.log(
            [c.code, c.holderName, c.levelTitle, c.issuerName, c.issuedOn, c.revokedAt ? 'revoque' : 'valide']
              .map(csvCell)
              .join(';'),
          );
        if (page.length < 200) break;
        beforeId = page[page.length - 1]!.id;
      }
    }),
  );
certificates
  .command('verify')
  .description('checks a verification code as the public page does; exits 1 when unknown or revoked')
  .argument('<code>', 'the code printed on the certificate, e.g. P-7K3M9QXA')
  .action((typed: string) =>
    withDatabase(async (database) => {
      const result = await verifyCertificate({
        db: database.db,
        limiter: createVerifyLimiter(),
        typed,
        ip: null,
      });
      if (!result.found)
        throw new CliError(
          result.reason === 'malformed'
            ? `"${typed}" is not a certificate code (P- and 8 characters)`
            : `no certificate with the code ${typed}`,
        );
      const c = result.certificate;
      console.log(
        `${c.code}: ${c.levelTitle}, ${c.holderName}, issued ${c.issuedOn} by ${c.issuerName} (${c.programmeName})`,
      );
      if (c.status === 'revoked') throw new CliError(`${c.code} was revoked on ${c.revokedOn}`);
      console.log('valid');
    }),
  );

const charges = program.command('charges').description('monthly service charges');
const monthOption = (v: string) => {
  if (!monthStart(v)) throw new CliError('--month must be YYYY-MM, e.g. 2027-03');
  return v;
};
charges
  .command('run')
  .description('compute a month’s charges (every dwelling of every open sector) and print the summary')
  .requiredOption('--month <YYYY-MM>', 'the month', monthOption)
  .requiredOption('--as <email>', 'the landlord’s officer running them (recorded in the audit trail)')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((options: { month: string; as: string; programme?: string }) =>
    withDatabase(async (database) => {
      const actor = await actorAs(database, await programmeIdFor(database, options.programme), options.as);
      const started = Date.now();
      console.log(`computing the charges of ${options.month}…`);
      const run = await runCharges({ db: database.db, actor, month: options.month });
      if (!run.ok) throw new CliError(accessRefusalMessage(run.reason));
      const s = run.summary;
      for (const sector of s.bySector)
        console.log(
          `${sector.sectorName}\t${sector.dwellings} × ${(sector.tariffCents / 100).toFixed(2)} € = ${(sector.totalCents / 100).toFixed(2)} €`,
        );
      console.log(
        `${s.month}: ${s.lines} lines (${s.vacantLines} vacant), total ${(s.totalCents / 100).toFixed(2)} €, ${s.reconciles ? 'reconciles' : 'DOES NOT RECONCILE'}, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      if (!s.reconciles) throw new CliError('the total does not reconcile');
    }),
  );
charges
  .command('close')
  .description('close a month: its lines never change again')
  .requiredOption('--month <YYYY-MM>', 'the month', monthOption)
  .requiredOption('--as <email>', 'the landlord’s officer closing it')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((options: { month: string; as: string; programme?: string }) =>
    withDatabase(async (database) => {
      const actor = await actorAs(database, await programmeIdFor(database, options.programme), options.as);
      const closed = await closeCharges({ db: database.db, actor, month: options.month });
      if (!closed.ok) throw new CliError(accessRefusalMessage(closed.reason));
      console.log(`${options.month} closed`);
    }),
  );
charges
  .command('export')
  .description('write a month’s charges file (CSV for French spreadsheets: UTF-8 with BOM, ;, decimal comma)')
  .requiredOption('--month <YYYY-MM>', 'the month', monthOption)
  .requiredOption('--as <email>', 'the person exporting it')
  .requiredOption('--out <file>', 'CSV file to write')
  .option('--programme <slug>', 'programme (when there are several)')
  .action((options: { month: string; as: string; out: string; programme?: string }) =>
    withDatabase(async (database) => {
      const actor = await actorAs(database, await programmeIdFor(database, options.programme), options.as);
      let rows = 0;
      const out = createWriteStream(options.out);
      out.on('error', () => {});
      for await (const chunk of chargesCsv({ db: database.db, actor, month: options.month })) {
        rows += chunk.split('\r\n').length - 1;
        if (!out.write(chunk)) await once(out, 'drain');
      }
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) =>
          error ? reject(new CliError(`cannot write ${options.out}`)) : resolve(),
        ),
      );
      console.log(`${rows - 1} lines written to ${options.out}`);
    }),
  );

registerCoordinationCommands(program, {
  withDatabase,
  programmeIdFor,
  fail: (message) => {
    throw new CliError(message);
  },
});
const helpers = {
  withDatabase,
  programmeIdFor,
  fail: (message: string): never => {
    throw new CliError(message);
  },
};
registerRolloutCommands(program, helpers);
registerReportCommands(program, helpers);
registerOpenDataCommands(program, helpers);
registerImpactRecordCommands(program, helpers);
registerPrivacyCommands(program, helpers);
registerRetentionCommands(program, helpers);
registerBackupCommands(program, helpers);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const known =
    error instanceof CliError ||
    error instanceof ConfigError ||
    error instanceof CsvFormatError ||
    error instanceof ForbiddenError ||
    error instanceof NotFoundError;
  // Database errors carry their whole query; the cause says what went wrong in one line.
  const cause = (error as { cause?: { message?: string } })?.cause?.message;
  const message = known
    ? (error as Error).message
    : `unexpected error: ${cause ?? (error as Error)?.message?.split('\n')[0] ?? error}`;
  console.error(`palier: ${message}`);
  process.exit(1);
}
