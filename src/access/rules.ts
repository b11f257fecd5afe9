// The rules of access, as plain functions: what a dwelling pays for a month, and how an activation request moves.
import { differenceInBusinessDays } from 'date-fns';
import type { ActivationStatus } from './schema.ts';

/** "2027-03" → "2027-03-01" (the day charges look at), or null. */
export function monthStart(month: string): string | null {
  const match = /^((?:19|20|21)\d{2})-(0[1-9]|1[0-2])$/.exec(month.trim());
  return match ? `${match[1]}-${match[2]}-01` : null;
}

export interface TariffPoint {
  id: number;
  monthlyAmountCents: number;
  effectiveFrom: string;
}

/** The tariff in force on a day: the latest that started on or before it. */
export function tariffOn(tariffs: readonly TariffPoint[], day: string): TariffPoint | null {
  let found: TariffPoint | null = null;
  for (const t of tariffs)
    if (t.effectiveFrom <= day && (!found || t.effectiveFrom > found.effectiveFrom)) found = t;
  return found;
}

export const serviceOpenOn = (service: { opensOn: string; closesOn: string | null }, day: string) =>
  service.opensOn <= day && (service.closesOn === null || service.closesOn > day);

export interface TenancyPoint {
  householdId: number;
  startDate: string;
  endDate: string | null;
}

/** The tenancy active on a day (a tenancy ends the evening before its end date). */
export const tenancyOn = (tenancies: readonly TenancyPoint[], day: string) =>
  tenancies.find((t) => t.startDate <= day && (t.endDate === null || t.endDate > day)) ?? null;

/**
 * A dwelling's charge for a month: if its sector's service is open on the first day, the tariff in force that day,
 * billed to the household whose tenancy is active that day, or to the landlord (null) when vacant. The monthly run
 * applies exactly this rule in one SQL statement (run-charges.ts); the tests hold them to each other.
 */
export function chargeFor(
  month: string,
  service: { opensOn: string; closesOn: string | null },
  tariffs: readonly TariffPoint[],
  tenancies: readonly TenancyPoint[],
): { amountCents: number; tariffId: number; householdId: number | null } | null {
  const day = monthStart(month);
  if (!day || !serviceOpenOn(service, day)) return null;
  const t = tariffOn(tariffs, day);
  if (!t) return null;
  return {
    amountCents: t.monthlyAmountCents,
    tariffId: t.id,
    householdId: tenancyOn(tenancies, day)?.householdId ?? null,
  };
}

export type ActivationEventKind = 'scheduled' | 'activated' | 'failed' | 'resent' | 'cancelled';

/** Which event may follow which status, and where it leads. Anything else is refused. */
const transitions: Record<ActivationStatus, Partial<Record<ActivationEventKind, ActivationStatus>>> = {
  sent: { scheduled: 'scheduled', failed: 'failed', cancelled: 'cancelled' },
  scheduled: { scheduled: 'scheduled', activated: 'activated', failed: 'failed', cancelled: 'cancelled' },
  failed: { resent: 'sent', cancelled: 'cancelled' },
  activated: {},
  cancelled: {},
};

export function nextStatus(status: ActivationStatus, event: ActivationEventKind): ActivationStatus | null {
  return transitions[status][event] ?? null;
}

export const failureReasons = [
  'nobody_home',
  'wiring_fault',
  'building_not_equipped',
  'equipment_missing',
  'household_declined',
  'other',
] as const;

export const appointmentSlots = [
  'weekday_morning',
  'weekday_afternoon',
  'weekday_evening',
  'saturday_morning',
] as const;

/** Delays after which a request is late (settings of the programme). */
export interface LatenessSettings {
  /** Working days (Monday to Friday) from sending to scheduling. */
  scheduleWithinWorkingDays: number;
  /** Calendar days from sending to activation. */
  activateWithinDays: number;
}

export const defaultLateness: LatenessSettings = { scheduleWithinWorkingDays: 10, activateWithinDays: 30 };

export type Lateness = 'not_scheduled' | 'not_activated' | null;

export function lateness(
  request: { status: ActivationStatus; sentAt: Date },
  now: Date,
  settings: LatenessSettings = defaultLateness,
): Lateness {
  if (
    request.status === 'sent' &&
    differenceInBusinessDays(now, request.sentAt) > settings.scheduleWithinWorkingDays
  )
    return 'not_scheduled';
  if (
    (request.status === 'sent' || request.status === 'scheduled') &&
    now.getTime() - request.sentAt.getTime() > settings.activateWithinDays * 86_400_000
  )
    return 'not_activated';
  return null;
}
