// How e-mails and SMS leave the outbox: one adapter per channel, chosen from the settings. None is configured by
// default (demo mode): messages then wait in the outbox, where the administrator sees them.
//
// SMS gateway contract (PALIER_SMS_URL, PALIER_SMS_TOKEN, PALIER_SMS_SENDER). Palier does not tie itself to one SMS
// provider: any of them can be put behind a tiny proxy that speaks this.
//
//   POST <PALIER_SMS_URL>
//   Authorization: Bearer <PALIER_SMS_TOKEN>
//   Content-Type: application/json
//   { "to": "+33612345678", "text": "…", "sender": "PALIER", "reference": "palier-3-1234" }
//
//   - `to` is the number in E.164 form; `text` the message, as is (the proxy splits or refuses long ones);
//     `sender` the name shown on the phone (11 letters or digits at most).
//   - `reference` is the same at every attempt of one message: the proxy may use it to drop a repeat (a worker that
//     stopped after sending but before writing it down tries again).
//   - Any 2xx answer means accepted; a JSON body with an `id` (string or number) is kept as the provider's id,
//     otherwise the reference is.
//   - 400 and 422 mean this message can never go (bad number…): it is marked failed at once. Anything else (5xx, 429,
//     401, no answer within 10 s…) is tried again later, up to PALIER_NOTIFY_MAX_ATTEMPTS.
import { createTransport } from 'nodemailer';
import type { Config } from '../platform/config.ts';
import type { OutboxMessage } from './outbox.ts';

export interface Transport {
  channel: 'email' | 'sms';
  send(n: OutboxMessage): Promise<{ providerId: string }>;
}

/** A failure to send; `permanent` when trying again cannot help (the address or number is refused). */
export class TransportError extends Error {
  readonly permanent: boolean;
  constructor(message: string, { permanent = false, cause }: { permanent?: boolean; cause?: unknown } = {}) {
    super(message, { cause });
    this.permanent = permanent;
  }
}

/** The domain of a sender such as `Palier <ne-pas-repondre@example.org>`. */
const domainOf = (from: string) => /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'palier.localhost';

/**
 * The Message-ID of a notification: the same at every attempt, so that a mail sent again after a worker stopped
 * between sending and writing it down can be recognised (and dropped) by the receiving side.
 */
export const notificationMessageId = (n: Pick<OutboxMessage, 'id' | 'programmeId'>, from: string) =>
  `<palier.${n.programmeId}.${n.id}@${domainOf(from)}>`;

/** E-mails through an SMTP server (`smtp://user:pass@host:587`, `smtps://…:465`), as plain text. */
export function smtpTransport({ url, from }: { url: string; from: string }): Transport {
  const mailer = createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    channel: 'email',
    async send(n) {
      try {
        const info = await mailer.sendMail({
          from,
          to: { name: n.recipientName, address: n.recipient },
          subject: n.subject,
          text: n.body,
          messageId: notificationMessageId(n, from),
          // RFC 3834: an automatic message, so that out-of-office replies do not answer it.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        return { providerId: info.messageId };
      } catch (error) {
        const e = error as { code?: string; responseCode?: number; message?: string };
        // The server refused the recipient for good (5xx on RCPT TO): no point trying again.
        const permanent = e.code === 'EENVELOPE' && (e.responseCode ?? 0) >= 500;
        throw new TransportError(`Serveur d’e-mail : ${e.message ?? String(error)}`, {
          permanent,
          cause: error,
        });
      }
    },
  };
}

/** SMS through a gateway that speaks the JSON contract above. */
export function httpSmsTransport({
  url,
  token,
  sender,
  timeoutMs = 10_000,
}: {
  url: string;
  token: string;
  sender: string;
  timeoutMs?: number;
}): Transport {
  return {
    channel: 'sms',
    async send(n) {
      const reference = `palier-${n.programmeId}-${n.id}`;
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ to: n.recipient, text: n.body, sender, reference }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const e = error as { name?: string; cause?: { code?: string }; message?: string };
        const why =
          e.name === 'TimeoutError'
            ? `pas de réponse en ${Math.round(timeoutMs / 1000)} s`
            : `injoignable (${e.cause?.code ?? e.message ?? String(error)})`;
        throw new TransportError(`Passerelle SMS ${why}`, { cause: error });
      }
      const body = await response.text().catch(() => '');
      if (!response.ok) {
        const permanent = response.status === 400 || response.status === 422;
        const detail = body.trim().replaceAll(/\s+/g, ' ').slice(0, 120);
        throw new TransportError(`Passerelle SMS : HTTP ${response.status}${detail ? ` (${detail})` : ''}`, {
          permanent,
        });
      }
      let id: unknown;
      try {
        id = (JSON.parse(body) as { id?: unknown })?.id;
      } catch {
        id = undefined;
      }
      return { providerId: typeof id === 'string' || typeof id === 'number' ? String(id) : reference };
    },
  };
}

/** The transports the settings configure: none by default (messages wait in the outbox). */
export function transportsFromConfig(config: Pick<Config, 'notifications'>): Transport[] {
  const settings = config.notifications;
  const transports: Transport[] = [];
  if (settings.smtpUrl) transports.push(smtpTransport({ url: settings.smtpUrl, from: settings.mailFrom }));
  if (settings.smsUrl && settings.smsToken)
    transports.push(
      httpSmsTransport({ url: settings.smsUrl, token: settings.smsToken, sender: settings.smsSender }),
    );
  return transports;
}
