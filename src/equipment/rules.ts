// Equipment rules as plain functions: a device's lifecycle, who may buy one, what remains to pay.
import type { DeviceStatus } from './schema.ts';

export type DeviceEvent = 'refurbish' | 'ready' | 'reserve' | 'release' | 'hand_over' | 'return' | 'recycle';

const lifecycle: Record<DeviceStatus, Partial<Record<DeviceEvent, DeviceStatus>>> = {
  received: { refurbish: 'refurbishing', recycle: 'recycled' },
  refurbishing: { ready: 'ready', recycle: 'recycled' },
  ready: { reserve: 'reserved', refurbish: 'refurbishing', recycle: 'recycled' },
  reserved: { release: 'ready', hand_over: 'handed_over' },
  handed_over: { return: 'returned' },
  returned: { refurbish: 'refurbishing', recycle: 'recycled' },
  recycled: {},
};

/** Where an event takes a device, or null when it cannot happen from that status. */
export function nextDeviceStatus(status: DeviceStatus, event: DeviceEvent): DeviceStatus | null {
  return lifecycle[status][event] ?? null;
}

/** The programme's rule for who may buy a computer (a setting). */
export interface EligibilityRule {
  /** The household lives in a sector whose collective service is open. */
  requireOpenSector: boolean;
  /** …and has asked to be connected (or, later, attends a workshop). */
  requireAccessRequest: boolean;
  /** At most one computer per household over this many years. */
  oneDevicePerYears: number;
}

/** Brest's rule: households of open sectors, one computer per three years (asking to be connected: optional). */
export const defaultEligibility: EligibilityRule = {
  requireOpenSector: true,
  requireAccessRequest: false,
  oneDevicePerYears: 3,
};

export interface HouseholdFacts {
  inOpenSector: boolean;
  hasAccessRequest: boolean;
  /** When the household last received a computer, if ever (ISO date). */
  lastHandedOverOn: string | null;
}

export type Ineligibility = 'not_in_open_sector' | 'no_access_request' | 'recent_device' | 'live_order';

/** Why a household may not buy a computer now, or null if it may. */
export function ineligibility(
  facts: HouseholdFacts,
  today: string,
  rule: EligibilityRule = defaultEligibility,
): Ineligibility | null {
  if (rule.requireOpenSector && !facts.inOpenSector) return 'not_in_open_sector';
  if (rule.requireAccessRequest && !facts.hasAccessRequest) return 'no_access_request';
  if (facts.lastHandedOverOn) {
    const [y, m, d] = facts.lastHandedOverOn.split('-');
    if (`${Number(y) + rule.oneDevicePerYears}-${m}-${d}` > today) return 'recent_device';
  }
  return null;
}

/** What remains to pay on an order, never below zero. */
export const balanceCents = (priceCents: number, payments: readonly { amountCents: number }[]) =>
  Math.max(0, priceCents - payments.reduce((sum, p) => sum + p.amountCents, 0));

/** The price of a tier on a day, from its dated amounts. */
export function tierPrice(
  tiers: readonly { tier: string; amountCents: number; effectiveFrom: string }[],
  tier: string,
  day: string,
) {
  return (
    tiers
      .filter((t) => t.tier === tier && t.effectiveFrom <= day)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0]?.amountCents ?? null
  );
}

/** The warranty's last day: the same day `months` later (a 31st falls back to the month's last day). */
export function warrantyUntil(handedOverOn: string, months: number): string {
  const [y, m, d] = handedOverOn.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
