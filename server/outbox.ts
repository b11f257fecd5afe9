// The outbox's clock: every minute, queue the reminders that fell due and hand due messages to the configured
// transports (none in demo mode: messages stay on the outbox page). Safe on several servers at once: reminders
// are unique by reason and delivery claims rows with SKIP LOCKED.
import { type DeliveryEvent, deliverDue, transportsFromConfig } from '../src/notifications/index.ts';
import type { Config } from '../src/platform/config.ts';
import type { Db } from '../src/platform/db/index.ts';
import { describeForLog } from '../src/platform/http/index.ts';
import { scheduleReminders } from '../src/workshops/index.ts';

/**
 * One turn of the clock: reminders due now into the outbox, then due e-mails and SMS out through the configured
 * transports. The server runs it every minute; `palier outbox` once (with progress lines).
 */
export async function outboxTick(
  db: Db,
  config: Config,
  {
    now = new Date(),
    limit,
    onReminders,
    onDelivery,
  }: {
    now?: Date;
    limit?: number;
    onReminders?: (considered: number) => void;
    onDelivery?: (event: DeliveryEvent) => void;
  } = {},
) {
  const reminders = await scheduleReminders({
    db,
    offsetsMinutes: config.notifications.reminderOffsetsMinutes,
    now,
    onProgress: onReminders,
  });
  const transports = transportsFromConfig(config);
  const delivery = transports.length
    ? await deliverDue({
        db,
        transports,
        now,
        limit,
        maxAttempts: config.notifications.maxAttempts,
        onProgress: onDelivery,
      })
    : { sent: 0, retried: 0, failed: 0 };
  return { queued: reminders.queued, transports: transports.length, ...delivery };
}

export function startOutbox(db: Db, config: Config, log: (line: string) => void, everyMs = 60_000) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const done = await outboxTick(db, config);
      if (done.queued || done.sent || done.failed)
        log(
          `outbox: ${done.queued} reminders queued, ${done.sent} sent, ${done.retried} to retry, ${done.failed} failed`,
        );
    } catch (error) {
      // Without the values of a failed query (addresses, phone numbers) nor the stack, on one line.
      const described = describeForLog(error).split('\n');
      log(`outbox: ${described.filter((line) => !/^\s+at /.test(line)).join(' ')}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
