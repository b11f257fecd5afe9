// The vote's printed documents: letters (with live codes) for the officers, the report for everyone allowed.
import { sql } from 'drizzle-orm';
import { displayPhone } from '../households/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, ForbiddenError, NotFoundError } from '../platform/permissions/index.ts';
import { formatBallotCode } from './ballot-code.ts';
import { type LetterRecipient, renderLetters, renderReport, type VoteSummary } from './documents/index.ts';
import { getVote, type VoteDetail } from './get-vote.ts';
import { loadVote } from './scope.ts';

async function landlordName(db: Db, programmeId: number): Promise<{ landlord: string; programme: string }> {
  const [row] = await db.execute<{ landlord: string | null; programme: string }>(sql`
    select (select name from organisation where programme_id = p.id and kind = 'landlord' and active
            order by id limit 1) as landlord, p.name as programme
    from programme p where p.id = ${programmeId}`);
  return { landlord: row?.landlord ?? 'Le bailleur', programme: row?.programme ?? '' };
}

function summary(
  detail: VoteDetail,
  names: { landlord: string; programme: string },
  voteUrl: string,
): VoteSummary {
  const { vote } = detail;
  return {
    reference: vote.reference,
    programmeName: names.programme,
    landlordName: names.landlord,
    sectorName: detail.sectorName,
    neighbourhoodName: detail.neighbourhoodName,
    procedure: vote.procedure,
    opensAt: vote.opensAt,
    closesAt: vote.closesAt,
    operatorName: detail.operatorName,
    serviceName: vote.serviceName,
    monthlyAmountCents: vote.monthlyAmountCents,
    tariffFrom: vote.tariffFrom,
    meetingAt: vote.meetingAt,
    meetingPlace: vote.meetingPlace,
    helpPhone: displayPhone(vote.helpPhone),
    voteUrl,
  };
}

/** Letters with the live code of each dwelling (or of one dwelling, after a reissue), one A4 page each. */
export async function voteLetters({
  db,
  actor,
  voteId,
  dwellingId,
  voteUrl,
}: {
  db: Db;
  actor: Actor;
  voteId: number;
  dwellingId?: number;
  voteUrl: string;
}): Promise<{ pdf: Uint8Array; count: number; reference: string }> {
  // Printing codes is the officers' work: a reader of counts cannot print them.
  await loadVote(db, actor, 'vote.conduct', voteId);
  const detail = await getVote({ db, actor, voteId });
  const rows = await db.execute<{
    code: string;
    reference: string;
    address: string;
    postcode: string;
    city: string;
    floor: number | null;
    addressee: string | null;
  }>(sql`
    select c.code, d.landlord_reference as reference, b.address, b.postcode, b.city, d.floor,
           (select m.first_name || ' ' || m.last_name from household_member m
            where m.household_id = vd.household_id and m.is_reference_person = 'yes' limit 1) as addressee
    from vote_dwelling vd
    join ballot_code c on c.vote_id = vd.vote_id and c.dwelling_id = vd.dwelling_id and c.revoked_at is null
    join dwelling d on d.id = vd.dwelling_id
    join building b on b.id = vd.building_id
    where vd.vote_id = ${voteId} and (${dwellingId ?? null}::int is null or vd.dwelling_id = ${dwellingId ?? null})
    order by b.address, d.landlord_reference`);
  const recipients: LetterRecipient[] = rows.map((r) => ({
    code: formatBallotCode(r.code),
    dwellingReference: r.reference,
    address: r.address,
    postcode: r.postcode,
    city: r.city,
    floor: r.floor,
    addressee: r.addressee,
  }));
  // A dwelling whose code was just replaced has no live code to print under its old request.
  if (recipients.length === 0) throw new NotFoundError('ballot_code');
  const pdf = await renderLetters(
    summary(detail, await landlordName(db, actor.programmeId), voteUrl),
    recipients,
  );
  await db.transaction(async (tx) =>
    recordAudit(tx, actor, {
      action: 'vote.letters_printed',
      entityType: 'tenant_vote',
      entityId: voteId,
      details: { letters: recipients.length, dwellingId: dwellingId ?? null },
    }),
  );
  return { pdf, count: recipients.length, reference: detail.vote.reference };
}

/** The procès-verbal: a draft while the vote is not certified, the certified report afterwards. */
export async function voteReport({
  db,
  actor,
  voteId,
  voteUrl,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  voteId: number;
  voteUrl: string;
  now?: Date;
}): Promise<{ pdf: Uint8Array; reference: string }> {
  const detail = await getVote({ db, actor, voteId, now });
  const { vote, tally, decision, decisionText } = detail;
  // While the vote is open, the draft shows choices: it is for the vote officers only.
  if (!decision || !decisionText) throw new ForbiddenError('vote.conduct');
  const pdf = await renderReport({
    vote: summary(detail, await landlordName(db, actor.programmeId), voteUrl),
    ruleVersion: vote.ruleVersion,
    ruleText: detail.ruleText,
    dwellingsConcerned: vote.dwellingsConcerned,
    buildings: tally.buildings.map((b) => ({ address: b.address, dwellings: b.dwellings, voted: b.voted })),
    byChannel: tally.byChannel,
    totals: tally.totals,
    late: tally.late,
    turnoutBp: decision.turnoutBp,
    result: decision.result,
    resultText: decisionText,
    certifiedAt: vote.certifiedAt,
    certifiedBy: vote.certifiedBy,
    generatedAt: now,
  });
  return { pdf, reference: vote.reference };
}
