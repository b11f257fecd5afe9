// The rules of article 42 of loi n° 86-1290, as dated data. A vote copies its rule's parameters when it opens and
// is always decided by what it stored, so a later change of the law never changes a past or running vote.
import type { ChoiceCounts, Procedure } from './documents/types.ts';

export interface VoteRule {
  version: string;
  procedure: Procedure;
  /** The first day a vote may open under this rule (ISO date). */
  validFrom: string;
  /** Approval: "yes" must exceed this share of the votes cast (basis points). */
  majorityBp: number | null;
  /** Approval: at least this share of the dwellings concerned must have voted (basis points). */
  quorumBp: number | null;
  /** Opposition: the agreement is rejected when "no" reaches this share of the dwellings concerned. */
  rejectionBp: number | null;
  /** The longest window, in calendar months. */
  maxWindowMonths: number;
}

export const voteRules: readonly VoteRule[] = [
  {
    version: 'art42-approval-2006',
    procedure: 'approval',
    // Article 42 as amended by loi n° 2006-872 (ENL), the wording every vote in Palier falls under.
    validFrom: '2006-07-16',
    majorityBp: 5000,
    quorumBp: 2500,
    rejectionBp: null,
    maxWindowMonths: 2,
  },
  {
    version: 'art42-opposition-2006',
    procedure: 'opposition',
    validFrom: '2006-07-16',
    majorityBp: null,
    quorumBp: null,
    rejectionBp: 5000,
    maxWindowMonths: 2,
  },
];

/** The rule of a procedure in force on a day. */
export function ruleFor(procedure: Procedure, onDate: string): VoteRule | null {
  return (
    voteRules
      .filter((r) => r.procedure === procedure && r.validFrom <= onDate)
      .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0] ?? null
  );
}

/** The parameters a vote stores (and decides by). */
export type StoredRule = Pick<
  VoteRule,
  'version' | 'procedure' | 'majorityBp' | 'quorumBp' | 'rejectionBp' | 'maxWindowMonths'
>;

export interface Decision {
  result: 'adopted' | 'rejected';
  /** yes + no: blank and invalid ballots are not votes cast. */
  cast: number;
  /** Dwellings that voted within the window, whatever their choice. */
  voted: number;
  turnoutBp: number;
  /** Share of "yes" among votes cast (approval) or of "no" among dwellings concerned (opposition), basis points. */
  shareBp: number;
  /** For approval: whether each condition held. */
  majorityMet: boolean | null;
  quorumMet: boolean | null;
}

const bp = (part: number, whole: number) => (whole === 0 ? 0 : Math.floor((part * 10000) / whole));

/**
 * Decides a vote from the ballots received within its window. Integer arithmetic only: "more than 50 %" is
 * `yes × 10000 > 5000 × cast`, "at least 25 %" is `voted × 10000 ≥ 2500 × concerned`, so no rounding decides.
 */
export function decide(rule: StoredRule, counts: ChoiceCounts, concerned: number): Decision {
  const cast = counts.yes + counts.no;
  const voted = counts.yes + counts.no + counts.blank + counts.invalid;
  const turnoutBp = bp(voted, concerned);
  if (rule.procedure === 'approval') {
    const majorityMet = counts.yes * 10000 > rule.majorityBp! * cast;
    const quorumMet = concerned > 0 && voted * 10000 >= rule.quorumBp! * concerned;
    return {
      result: majorityMet && quorumMet ? 'adopted' : 'rejected',
      cast,
      voted,
      turnoutBp,
      shareBp: bp(counts.yes, cast),
      majorityMet,
      quorumMet,
    };
  }
  const rejected = concerned > 0 && counts.no * 10000 >= rule.rejectionBp! * concerned;
  return {
    result: rejected ? 'rejected' : 'adopted',
    cast,
    voted,
    turnoutBp,
    shareBp: bp(counts.no, concerned),
    majorityMet: null,
    quorumMet: null,
  };
}

const percent = (basisPoints: number) =>
  `${new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(basisPoints / 100)} %`;

/** The rule in one French sentence, printed on the report. */
export function ruleText(rule: StoredRule): string {
  if (rule.procedure === 'approval')
    return `Procédure d'approbation : le projet est adopté si les « oui » dépassent ${percent(rule.majorityBp!)} des suffrages exprimés (les votes blancs et nuls ne sont pas des suffrages exprimés) et si au moins ${percent(rule.quorumBp!)} des logements concernés ont voté pendant la consultation.`;
  return `Procédure d'opposition : l'accord s'applique, sauf si au moins ${percent(rule.rejectionBp!)} des logements concernés l'ont refusé pendant la consultation. Le silence vaut acceptation.`;
}

/** Why the vote ended as it did, with its numbers, in one French sentence. */
export function decisionText(
  rule: StoredRule,
  decision: Decision,
  counts: ChoiceCounts,
  concerned: number,
): string {
  const votedPart = `${decision.voted} logements sur ${concerned} ont voté (participation ${percent(decision.turnoutBp)})`;
  if (rule.procedure === 'approval') {
    const yesPart = `${counts.yes} « oui » sur ${decision.cast} suffrages exprimés (${percent(decision.shareBp)})`;
    if (decision.result === 'adopted') return `Adopté : ${yesPart} ; ${votedPart}.`;
    const reasons = [
      decision.majorityMet
        ? null
        : `les « oui » ne dépassent pas ${percent(rule.majorityBp!)} des suffrages exprimés`,
      decision.quorumMet ? null : `la participation est inférieure à ${percent(rule.quorumBp!)}`,
    ].filter(Boolean);
    return `Rejeté : ${reasons.join(' et ')}. ${yesPart} ; ${votedPart}.`;
  }
  const noPart = `${counts.no} refus sur ${concerned} logements concernés (${percent(decision.shareBp)})`;
  return decision.result === 'adopted'
    ? `Adopté : ${noPart}, moins de ${percent(rule.rejectionBp!)}.`
    : `Rejeté : ${noPart}, au moins ${percent(rule.rejectionBp!)}.`;
}

export interface Window {
  opensAt: Date;
  closesAt: Date;
}

/** A ballot counts when it was received within the window, both ends included. */
export const receivedWithin = (receivedAt: Date, window: Window) =>
  receivedAt.getTime() >= window.opensAt.getTime() && receivedAt.getTime() <= window.closesAt.getTime();

/** Counts choices of the ballots received within the window (the same filter the database applies). */
export function countWithin(
  ballots: readonly { choice: keyof ChoiceCounts; receivedAt: Date }[],
  window: Window,
): ChoiceCounts & { late: number } {
  const counts = { yes: 0, no: 0, blank: 0, invalid: 0, late: 0 };
  for (const ballot of ballots) {
    if (receivedWithin(ballot.receivedAt, window)) counts[ballot.choice]++;
    else counts.late++;
  }
  return counts;
}
