import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { listAuditEvents } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError } from '../platform/permissions/index.ts';
import {
  callList,
  cancelPendingNotifications,
  deliverDue,
  enqueueNotification,
  httpSmsTransport,
  lettersPdf,
  listNotifications,
  markHandled,
  type NewNotification,
  type NotificationChannel,
  nextAttemptDelay,
  notification,
  notificationStatusLabel,
  type OutboxMessage,
  outboxSummary,
  smtpTransport,
  type Transport,
  TransportError,
  transportsFromConfig,
} from './index.ts';

let db: Db;
let p: TestProgramme;
let facility: number;
let otherOrganisation: number;

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  facility = p.actors.facilitator.organisationId!;
  otherOrganisation = p.actors.recycling_agent.organisationId!;
});

const t0 = new Date('2027-03-01T08:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

let counter = 0;
const recipients: Record<NotificationChannel, string> = {
  email: 'aicha.benali@example.org',
  sms: '+33612345678',
  call: '+33298112233',
  letter: '12 rue de Kérourien\nBâtiment B\n29200 Brest',
};
/** A message due at t0 (unless said otherwise), with a reason of its own. */
const message = (
  channel: NotificationChannel,
  overrides: Partial<NewNotification> = {},
): NewNotification => ({
  programmeId: p.programmeId,
  organisationId: facility,
  channel,
  recipientName: 'Aïcha Benali',
  recipient: recipients[channel],
  subject: 'Rappel : atelier « Premiers pas » mardi à 14 h',
  body: 'Bonjour,\n\nNous vous attendons mardi à 14 h au centre social.\n\nÀ bientôt !',
  topic: 'workshop.reminder',
  dedupeKey: `test:${++counter}`,
  subjectRef: 'session:1',
  nextAttemptAt: t0,
  ...overrides,
});
const enqueue = async (channel: NotificationChannel, overrides: Partial<NewNotification> = {}) =>
  (await enqueueNotification(db, message(channel, overrides)))!;
const row = async (id: number) => (await db.select().from(notification).where(eq(notification.id, id)))[0]!;
/** Delivery takes every due row of the database: each delivery test starts from an empty outbox. */
const emptyOutbox = () => db.delete(notification);

/** A transport that records what it sends, after a short random wait; `fail` decides when it throws. */
function fakeTransport(channel: 'email' | 'sms', fail: (n: OutboxMessage) => Error | null = () => null) {
  const sent: number[] = [];
  const transport: Transport = {
    channel,
    async send(n) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      const error = fail(n);
      if (error) throw error;
      sent.push(n.id);
      return { providerId: `fake-${n.id}` };
    },
  };
  return { transport, sent };
}

/** Decodes quoted-printable text and Q-encoded header words, enough to read what nodemailer wrote. */
function decodeMime(text: string): string {
  const bytes = (qp: string) =>
    Buffer.from(
      qp.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  return text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?Q\?([^?]*)\?=/gi, (_, word: string) => bytes(word.replaceAll('_', ' ')));
}
const decodeBody = (body: string) =>
  Buffer.from(
    body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  )
    .toString('utf8')
    .replace(/\r\n/g, '\n');

describe('the outbox', () => {
  it('keeps one message per reason', async () => {
    const first = await enqueueNotification(db, message('sms', { dedupeKey: 'reminder:2h:session:9' }));
    const second = await enqueueNotification(db, message('sms', { dedupeKey: 'reminder:2h:session:9' }));
    expect(first).toBeTypeOf('number');
    expect(second).toBeNull();
    const rows = await db
      .select()
      .from(notification)
      .where(eq(notification.dedupeKey, 'reminder:2h:session:9'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', attempts: 0, channel: 'sms' });
  });

  it('cancels what has not left when its subject goes away, and never sends it', async () => {
    await emptyOutbox();
    const pending = [
      await enqueue('email', { subjectRef: 'session:77' }),
      await enqueue('call', { subjectRef: 'session:77' }),
      await enqueue('sms', { subjectRef: 'session:78' }),
    ];
    const sent = await enqueue('email', { subjectRef: 'session:77' });
    await db.update(notification).set({ status: 'sent' }).where(eq(notification.id, sent));
    expect(
      await cancelPendingNotifications(db, { programmeId: p.programmeId, subjectRef: 'session:77' }),
    ).toBe(2);
    expect((await row(pending[0]!)).status).toBe('cancelled');
    expect((await row(pending[1]!)).status).toBe('cancelled');
    expect((await row(pending[2]!)).status).toBe('pending');
    expect((await row(sent)).status).toBe('sent');
    expect(
      await cancelPendingNotifications(db, { programmeId: p.programmeId + 1, subjectRef: 'session:78' }),
    ).toBe(0);
    expect(
      await cancelPendingNotifications(db, { programmeId: p.programmeId, subjectRef: ['session:78', 'x'] }),
    ).toBe(1);

    const email = fakeTransport('email');
    const sms = fakeTransport('sms');
    const report = await deliverDue({ db, transports: [email.transport, sms.transport], now: minutes(60) });
    expect(report).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect([...email.sent, ...sms.sent]).toEqual([]);
  });
});

describe('delivery', () => {
  it('waits before trying again: 1 min, 5 min, 30 min, 2 h, then 12 h', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => nextAttemptDelay(n) / 60_000)).toEqual([
      1, 5, 30, 120, 720, 720, 720,
    ]);
    expect(nextAttemptDelay(0)).toBe(60_000);
  });

  it('sends an e-mail through an SMTP server, with a Message-ID of its own', async () => {
    await emptyOutbox();
    const received: { rcptTo: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('latin1'),
          });
          callback(null, 'queued');
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.server.address() as AddressInfo).port;
    try {
      const id = await enqueue('email');
      const transport = smtpTransport({
        url: `smtp://127.0.0.1:${port}`,
        from: 'Centre social <contact@centre.example.org>',
      });
      expect(await deliverDue({ db, transports: [transport], now: t0 })).toEqual({
        sent: 1,
        retried: 0,
        failed: 0,
      });
      expect(received).toHaveLength(1);
      const mail = received[0]!;
      expect(mail.rcptTo).toEqual(['aicha.benali@example.org']);
      const [head, ...rest] = mail.raw.split(/\r\n\r\n/);
      const headers = decodeMime(head!.replace(/\r\n[ \t]+/g, ' '));
      expect(headers).toContain('Subject: Rappel : atelier « Premiers pas » mardi à 14 h');
      expect(headers).toMatch(/^To: .*<aicha\.benali@example\.org>$/m);
      expect(headers).toContain('From: Centre social <contact@centre.example.org>');
      expect(headers).toContain(`Message-ID: <palier.${p.programmeId}.${id}@centre.example.org>`);
      expect(headers).toContain('Auto-Submitted: auto-generated');
      expect(headers).toMatch(/Content-Type: text\/plain/);
      expect(decodeBody(rest.join('\r\n\r\n'))).toContain(
        'Nous vous attendons mardi à 14 h au centre social.',
      );

      const sent = await row(id);
      expect(sent).toMatchObject({
        status: 'sent',
        attempts: 1,
        lockedUntil: null,
        providerId: `<palier.${p.programmeId}.${id}@centre.example.org>`,
      });
      expect(sent.sentAt!.getTime()).toBeGreaterThanOrEqual(t0.getTime());
      // Sent is sent: a later run finds nothing to do.
      expect(await deliverDue({ db, transports: [transport], now: minutes(600) })).toEqual({
        sent: 0,
        retried: 0,
        failed: 0,
      });
      expect(received).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('marks an e-mail failed at once when the server refuses its recipient for good', async () => {
    await emptyOutbox();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.server.address() as AddressInfo).port;
    try {
      const id = await enqueue('email');
      const transport = smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'Palier <a@example.org>' });
      expect(await deliverDue({ db, transports: [transport], now: t0 })).toEqual({
        sent: 0,
        retried: 0,
        failed: 1,
      });
      expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1 });
      expect((await row(id)).lastError).toMatch(/^Serveur d’e-mail : .*No such user/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('sends an SMS to the gateway as JSON with the token, and tries again after errors', async () => {
    await emptyOutbox();
    const requests: { headers: IncomingHttpHeaders; body: unknown }[] = [];
    const answers = [500, 500, 200];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        requests.push({ headers: req.headers, body: JSON.parse(body) });
        const status = answers.shift() ?? 200;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? JSON.stringify({ id: 'sms-42' }) : '{"error":"busy"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    try {
      const id = await enqueue('sms');
      const [transport] = transportsFromConfig({
        notifications: {
          smtpUrl: null,
          mailFrom: 'x',
          smsUrl: `http://127.0.0.1:${port}/send`,
          smsToken: 'jeton-secret',
          smsSender: 'PALIER',
          maxAttempts: 5,
          reminderOffsetsMinutes: [],
        },
      });
      expect(transport!.channel).toBe('sms');
      const transports = [transport!];

      expect(await deliverDue({ db, transports, now: t0 })).toEqual({ sent: 0, retried: 1, failed: 0 });
      let state = await row(id);
      expect(state).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null });
      expect(state.lastError).toBe('Passerelle SMS : HTTP 500 ({"error":"busy"})');
      const firstRetry = state.nextAttemptAt.getTime() - t0.getTime();
      expect(firstRetry).toBeGreaterThanOrEqual(60_000);
      expect(firstRetry).toBeLessThan(70_000);

      // Not yet due: nothing happens.
      expect(await deliverDue({ db, transports, now: minutes(0.5) })).toEqual({
        sent: 0,
        retried: 0,
        failed: 0,
      });
      expect(await deliverDue({ db, transports, now: minutes(2) })).toEqual({
        sent: 0,
        retried: 1,
        failed: 0,
      });
      state = await row(id);
      expect(state.attempts).toBe(2);
      expect(state.nextAttemptAt.getTime() - minutes(2).getTime()).toBeGreaterThanOrEqual(5 * 60_000);

      expect(await deliverDue({ db, transports, now: minutes(8) })).toEqual({
        sent: 1,
        retried: 0,
        failed: 0,
      });
      expect(await row(id)).toMatchObject({
        status: 'sent',
        attempts: 3,
        providerId: 'sms-42',
        lastError: null,
      });
      expect(await deliverDue({ db, transports, now: minutes(600) })).toEqual({
        sent: 0,
        retried: 0,
        failed: 0,
      });

      expect(requests).toHaveLength(3);
      for (const request of requests) {
        expect(request.headers.authorization).toBe('Bearer jeton-secret');
        expect(request.headers['content-type']).toBe('application/json');
        expect(request.body).toEqual({
          to: '+33612345678',
          text: 'Bonjour,\n\nNous vous attendons mardi à 14 h au centre social.\n\nÀ bientôt !',
          sender: 'PALIER',
          reference: `palier-${p.programmeId}-${id}`,
        });
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('keeps the reference as the provider id when the gateway gives none, and fails at once on a 400', async () => {
    await emptyOutbox();
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const { to } = JSON.parse(body) as { to: string };
        res.writeHead(to === '+33600000000' ? 400 : 202);
        res.end(to === '+33600000000' ? 'invalid number' : 'accepted');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    try {
      const good = await enqueue('sms');
      const bad = await enqueue('sms', { recipient: '+33600000000' });
      const transport = httpSmsTransport({ url: `http://127.0.0.1:${port}/`, token: 't', sender: 'PALIER' });
      expect(await deliverDue({ db, transports: [transport], now: t0 })).toEqual({
        sent: 1,
        retried: 0,
        failed: 1,
      });
      expect(await row(good)).toMatchObject({
        status: 'sent',
        providerId: `palier-${p.programmeId}-${good}`,
      });
      expect(await row(bad)).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'Passerelle SMS : HTTP 400 (invalid number)',
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('says when the gateway cannot be reached, and tries again', async () => {
    await emptyOutbox();
    const id = await enqueue('sms');
    const transport = httpSmsTransport({ url: 'http://127.0.0.1:1/', token: 't', sender: 'PALIER' });
    expect(await deliverDue({ db, transports: [transport], now: t0 })).toEqual({
      sent: 0,
      retried: 1,
      failed: 0,
    });
    expect((await row(id)).lastError).toMatch(/^Passerelle SMS injoignable/);
  });

  it('gives up after the last attempt', async () => {
    await emptyOutbox();
    const id = await enqueue('email');
    const down = fakeTransport('email', () => new Error('connexion refusée'));
    const events: string[] = [];
    const run = (now: Date) =>
      deliverDue({
        db,
        transports: [down.transport],
        now,
        maxAttempts: 3,
        onProgress: (e) => events.push(e.outcome),
      });
    expect(await run(t0)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await run(minutes(2))).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await run(minutes(10))).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'connexion refusée' });
    expect(await run(minutes(10_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(events).toEqual(['retried', 'retried', 'failed']);
  });

  it('leaves e-mails in the outbox when no e-mail transport is configured, and never claims calls or letters', async () => {
    await emptyOutbox();
    const email = await enqueue('email');
    const call = await enqueue('call');
    const letter = await enqueue('letter');
    const sms = fakeTransport('sms');
    expect(transportsFromConfig({ notifications: { smtpUrl: null, smsUrl: null } as never })).toEqual([]);
    expect(await deliverDue({ db, transports: [sms.transport], now: minutes(60) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(await deliverDue({ db, transports: [], now: minutes(60) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    for (const id of [email, call, letter])
      expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(notificationStatusLabel('pending', 'email', false)).toBe(
      'En attente : aucun envoi d’e-mail configuré (mode démo)',
    );
  });

  it('sends each message exactly once when two workers run at once', async () => {
    await emptyOutbox();
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) ids.push(await enqueue(i % 2 ? 'email' : 'sms'));
    const counts = new Map<number, number>();
    const counting = (channel: 'email' | 'sms'): Transport => ({
      channel,
      async send(n) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
        counts.set(n.id, (counts.get(n.id) ?? 0) + 1);
        return { providerId: String(n.id) };
      },
    });
    const transports = [counting('email'), counting('sms')];
    const reports = await Promise.all([
      deliverDue({ db, transports, now: t0, limit: 30 }),
      deliverDue({ db, transports, now: t0, limit: 30 }),
      deliverDue({ db, transports, now: t0, limit: 30 }),
    ]);
    // Three workers of 30 for 50 messages: all of them go, each once, and whatever is left goes on the next run.
    const rest = await deliverDue({ db, transports, now: t0 });
    expect(reports.reduce((sum, r) => sum + r.sent, 0) + rest.sent).toBe(50);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(ids);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const rows = await db.select().from(notification).where(inArray(notification.id, ids));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('takes back a message a stopped worker left sending, once its lock has passed', async () => {
    await emptyOutbox();
    const id = await enqueue('email');
    // A worker claimed it at t0 and stopped before writing anything down.
    await db
      .update(notification)
      .set({ status: 'sending', attempts: 1, lockedUntil: minutes(5) })
      .where(eq(notification.id, id));
    const email = fakeTransport('email');
    expect(await deliverDue({ db, transports: [email.transport], now: minutes(4) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(await deliverDue({ db, transports: [email.transport], now: minutes(5) })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(email.sent).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, lockedUntil: null });
  });

  it('a message cancelled while it is being sent is not tried again if the send fails, and recorded sent if it went', async () => {
    await emptyOutbox();
    const failing = await enqueue('sms', { subjectRef: 'registration:501' });
    const going = await enqueue('email', {
      householdId: p.households['L-001']!,
      dedupeKey: 'reminder:120:s9:r502',
    });
    // The person gives up their place while the worker is sending.
    const cancelling = (n: OutboxMessage) =>
      n.id === failing
        ? cancelPendingNotifications(db, { programmeId: p.programmeId, subjectRef: 'registration:501' })
        : cancelPendingNotifications(db, {
            programmeId: p.programmeId,
            householdId: p.households['L-001']!,
            reasonEndsWith: ':r502',
          });
    const transports: Transport[] = [
      {
        channel: 'sms',
        async send(n) {
          expect(await cancelling(n)).toBe(1);
          throw new Error('passerelle indisponible');
        },
      },
      {
        channel: 'email',
        async send(n) {
          expect(await cancelling(n)).toBe(1);
          return { providerId: 'sent-anyway' };
        },
      },
    ];
    expect(await deliverDue({ db, transports, now: t0 })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(failing)).toMatchObject({ status: 'cancelled', lockedUntil: null, attempts: 1 });
    expect(await row(going)).toMatchObject({ status: 'sent', providerId: 'sent-anyway', lockedUntil: null });
    expect(await deliverDue({ db, transports, now: minutes(120) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
  });

  it('tells a permanent refusal from a passing one', () => {
    expect(new TransportError('x', { permanent: true }).permanent).toBe(true);
    expect(new TransportError('x').permanent).toBe(false);
  });
});

describe('the outbox as people work it', () => {
  let mine: { email: number; call: number; laterCall: number; letter: number; sms: number };
  let theirs: { call: number; letter: number };

  beforeAll(async () => {
    await emptyOutbox();
    mine = {
      email: await enqueue('email', { topic: 'workshop.confirmation' }),
      call: await enqueue('call', { recipientName: 'Hélène Le Gall', nextAttemptAt: minutes(-60) }),
      laterCall: await enqueue('call', { recipientName: 'Yannick Quéré', nextAttemptAt: minutes(60 * 48) }),
      letter: await enqueue('letter', { subject: 'Votre inscription à l’atelier « Premiers pas »' }),
      sms: await enqueue('sms'),
    };
    theirs = {
      call: await enqueue('call', { organisationId: otherOrganisation, recipientName: 'Mamadou Diallo' }),
      letter: await enqueue('letter', { organisationId: otherOrganisation, recipientName: 'Mamadou Diallo' }),
    };
  });

  it('shows a facility only its own messages, the administrator all of them, the landlord none', async () => {
    const facilityRows = await listNotifications({ db, actor: p.actors.facilitator });
    expect(facilityRows.map((r) => r.id).sort()).toEqual(Object.values(mine).sort());
    expect(facilityRows.map((r) => r.id)).toEqual([...facilityRows.map((r) => r.id)].sort((a, b) => b - a));
    const all = await listNotifications({ db, actor: p.actors.admin });
    expect(all.map((r) => r.id).sort()).toEqual([...Object.values(mine), ...Object.values(theirs)].sort());
    await expect(listNotifications({ db, actor: p.actors.landlord_officer })).rejects.toThrow(ForbiddenError);
    await expect(outboxSummary({ db, actor: p.actors.landlord_officer })).rejects.toThrow(ForbiddenError);
    await expect(callList({ db, actor: p.actors.coordinator })).rejects.toThrow(ForbiddenError);
  });

  it('keeps the words of a consumer association’s messages to that association', async () => {
    const id = await enqueue('sms', {
      topic: 'advice.appointment_confirmed',
      subject: 'Votre rendez-vous avec la CLCV',
      body: 'Bonjour, rendez-vous mardi avec la CLCV.',
    });
    const forAdmin = (await listNotifications({ db, actor: p.actors.admin })).find((r) => r.id === id)!;
    expect(forAdmin).toMatchObject({
      status: 'pending',
      channel: 'sms',
      body: '',
      recipient: '—',
      recipientName: '—',
    });
    expect(JSON.stringify(forAdmin)).not.toMatch(/CLCV|Aïcha/);
    const forSender = (await listNotifications({ db, actor: p.actors.facilitator })).find(
      (r) => r.id === id,
    )!;
    expect(forSender.subject).toBe('Votre rendez-vous avec la CLCV');
    await db.delete(notification).where(eq(notification.id, id));
  });

  it('filters and pages the list', async () => {
    const calls = await listNotifications({ db, actor: p.actors.admin, filter: { channel: 'call' } });
    expect(calls.map((r) => r.id)).toEqual([theirs.call, mine.laterCall, mine.call]);
    const page1 = await listNotifications({
      db,
      actor: p.actors.admin,
      filter: { channel: 'call', limit: 2 },
    });
    const page2 = await listNotifications({
      db,
      actor: p.actors.admin,
      filter: { channel: 'call', limit: 2, afterId: page1.at(-1)!.id },
    });
    expect([...page1, ...page2].map((r) => r.id)).toEqual(calls.map((r) => r.id));
    const confirmations = await listNotifications({
      db,
      actor: p.actors.facilitator,
      filter: { topic: 'workshop.confirmation', status: 'pending' },
    });
    expect(confirmations.map((r) => r.id)).toEqual([mine.email]);
  });

  it('counts by channel and status', async () => {
    const facilityCounts = await outboxSummary({ db, actor: p.actors.facilitator });
    expect(facilityCounts.call.pending).toBe(2);
    expect(facilityCounts.letter.pending).toBe(1);
    expect(facilityCounts.email).toMatchObject({ pending: 1, sent: 0 });
    const all = await outboxSummary({ db, actor: p.actors.admin });
    expect(all.call.pending).toBe(3);
  });

  it('gives the facility its phone list, soonest first', async () => {
    const list = await callList({ db, actor: p.actors.facilitator, now: t0 });
    expect(list.map((c) => [c.id, c.name, c.phone, c.due])).toEqual([
      [mine.call, 'Hélène Le Gall', '+33298112233', true],
      [mine.laterCall, 'Yannick Quéré', '+33298112233', false],
    ]);
    expect(list[0]).toMatchObject({
      subject: expect.stringContaining('Premiers pas'),
      body: expect.any(String),
    });
  });

  it('marks calls and letters handled, refuses the rest, and audits it', async () => {
    const actor = p.actors.facilitator;
    expect(await markHandled({ db, actor, notificationId: mine.email, outcome: 'done' })).toEqual({
      ok: false,
      reason: 'not_manual',
    });
    expect(await markHandled({ db, actor, notificationId: mine.letter, outcome: 'retry' })).toEqual({
      ok: false,
      reason: 'not_retryable',
    });
    await expect(markHandled({ db, actor, notificationId: theirs.call, outcome: 'done' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      markHandled({ db, actor: p.actors.admin, notificationId: mine.call, outcome: 'done' }),
    ).rejects.toThrow(ForbiddenError);

    // No answer: call again in two hours, with the note on the list.
    expect(
      await markHandled({
        db,
        actor,
        notificationId: mine.call,
        outcome: 'retry',
        note: 'Pas de réponse',
        now: t0,
      }),
    ).toEqual({ ok: true });
    const retried = await row(mine.call);
    expect(retried).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Pas de réponse' });
    expect(retried.nextAttemptAt).toEqual(minutes(120));
    expect(notificationStatusLabel('pending', 'call', false, retried.attempts)).toBe('À rappeler');
    expect((await callList({ db, actor, now: t0 })).map((c) => c.id)).toEqual([mine.call, mine.laterCall]);

    expect(
      await markHandled({ db, actor, notificationId: mine.call, outcome: 'done', now: minutes(130) }),
    ).toEqual({
      ok: true,
    });
    expect(await row(mine.call)).toMatchObject({
      status: 'done',
      attempts: 2,
      handledBy: actor.label,
      sentAt: minutes(130),
      lastError: null,
    });
    expect(await markHandled({ db, actor, notificationId: mine.call, outcome: 'failed' })).toEqual({
      ok: false,
      reason: 'already_handled',
    });
    expect(
      await markHandled({
        db,
        actor,
        notificationId: mine.laterCall,
        outcome: 'failed',
        note: 'Faux numéro',
      }),
    ).toEqual({
      ok: true,
    });
    expect(await row(mine.laterCall)).toMatchObject({ status: 'failed', lastError: 'Faux numéro' });
    expect(notificationStatusLabel('failed', 'call', false)).toBe('Appel sans suite');

    const events = await listAuditEvents(db, p.programmeId, { action: 'notification.handled' });
    expect(events.map((e) => [e.entityId, (e.details as { outcome: string }).outcome])).toEqual([
      [String(mine.laterCall), 'failed'],
      [String(mine.call), 'done'],
      [String(mine.call), 'retry'],
    ]);
    expect(events[0]!.actorLabel).toBe(actor.label);
  });

  it('prints the facility’s letters, one page each, the address in the envelope window', async () => {
    const extra = await enqueue('letter', { recipientName: 'Hélène Le Gall', subject: 'Atelier annulé' });
    const printed = await lettersPdf({ db, actor: p.actors.facilitator, now: minutes(10) });
    expect(printed!.ids).toEqual([mine.letter, extra]);
    expect(printed!.name).toBe('courriers-2027-03-01.pdf');
    const { text } = await extractText(await getDocumentProxy(printed!.pdf.slice()), { mergePages: false });
    const pages = text.map((page) => page.replace(/\s+/g, ' '));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Aïcha Benali');
    expect(pages[0]).toContain('12 rue de Kérourien');
    expect(pages[0]).toContain('29200 Brest');
    expect(pages[0]).toContain('Objet : Votre inscription à l’atelier « Premiers pas »');
    expect(pages[0]).toContain('Centre social');
    expect(pages[0]).toContain('Le 1er mars 2027');
    expect(pages[0]).toContain('Nous vous attendons mardi à 14 h au centre social.');
    expect(pages[1]).toContain('Hélène Le Gall');
    expect(pages[1]).toContain('Objet : Atelier annulé');
    expect(pages.join(' ')).not.toContain('Mamadou Diallo');

    for (const id of printed!.ids)
      expect(
        await markHandled({ db, actor: p.actors.facilitator, notificationId: id, outcome: 'done' }),
      ).toEqual({
        ok: true,
      });
    expect(await lettersPdf({ db, actor: p.actors.facilitator, now: minutes(10) })).toBeNull();
    await expect(lettersPdf({ db, actor: p.actors.landlord_officer })).rejects.toThrow(ForbiddenError);
  });
});
