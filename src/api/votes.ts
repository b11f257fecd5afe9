// /api/v1 tenant votes: for the landlord's system (create, letters, ballots, certify) and whoever follows a vote;
// /api/v1/public/ballots is the online vote itself, with a ballot code and no token.
import { createRoute, z } from '@hono/zod-openapi';
import type { AttemptLimiter } from '../platform/auth/index.ts';
import { downloadResponse } from '../platform/http/index.ts';
import {
  type BallotPaper,
  castOnlineBallot,
  certifyVote,
  choices,
  createPaperBatch,
  enterPaperBatch,
  getPaperBatch,
  getVote,
  type LookupResult,
  listVotes,
  lookupBallotCode,
  NewPaperBatch,
  NewVote,
  openVote,
  PaperEntry,
  recordInPersonBallot,
  refusalMessage,
  reissueCode,
  StaffBallot,
  settlePaperBatch,
  type VoteRefusal,
  voteLetters,
  voteReport,
} from '../votes/index.ts';
import { apiRouter, ErrorBody, errorResponses, Id, json, PathId } from './context.ts';

const tags = ['Tenant votes'];
const Counts = z.object({ yes: z.number(), no: z.number(), blank: z.number(), invalid: z.number() });
const VoteSummary = z
  .object({
    id: z.number(),
    reference: z.string(),
    sectorId: z.number(),
    sectorName: z.string(),
    procedure: z.enum(['approval', 'opposition']),
    opensAt: z.string(),
    closesAt: z.string(),
    phase: z.enum(['upcoming', 'open', 'closed', 'certified']),
    result: z.enum(['adopted', 'rejected']).nullable(),
    dwellingsConcerned: z.number(),
    voted: z.number(),
    turnoutBp: z.number().openapi({ description: 'Turnout in basis points (2537 = 25.37 %)' }),
  })
  .openapi('TenantVoteSummary');
const VoteBody = z
  .object({
    id: z.number(),
    reference: z.string(),
    sectorId: z.number(),
    sectorName: z.string(),
    phase: z.enum(['upcoming', 'open', 'closed', 'certified']),
    rule: z.object({
      version: z.string(),
      procedure: z.string(),
      majorityBp: z.number().nullable(),
      quorumBp: z.number().nullable(),
      rejectionBp: z.number().nullable(),
      text: z.string(),
    }),
    opensAt: z.string(),
    closesAt: z.string(),
    offer: z.object({
      operatorId: z.number(),
      operatorName: z.string(),
      serviceName: z.string(),
      monthlyAmountCents: z.number(),
      tariffFrom: z.string(),
    }),
    dwellingsConcerned: z.number(),
    voted: z.number(),
    turnoutBp: z.number().openapi({ description: 'Turnout in basis points (2537 = 25.37 %)' }),
    choicesVisible: z.boolean().openapi({
      description: 'While a vote is open, only the landlord’s vote officers see yes/no/blank/invalid counts',
    }),
    tally: z.object({
      totals: Counts,
      late: z.number(),
      byChannel: z.array(Counts.extend({ channel: z.string() })),
      votedByChannel: z.array(z.object({ channel: z.string(), voted: z.number() })),
      buildings: z.array(
        z.object({ buildingId: z.number(), address: z.string(), dwellings: z.number(), voted: z.number() }),
      ),
    }),
    decision: z
      .object({
        result: z.enum(['adopted', 'rejected']),
        final: z.boolean().openapi({ description: 'False while the vote is open: the result so far' }),
        cast: z.number(),
        text: z.string(),
      })
      .nullable()
      .openapi({ description: 'Null while the vote is open, for readers who may not see choices' }),
    certified: z
      .object({ at: z.string(), by: z.string(), result: z.string(), recountMatches: z.boolean().nullable() })
      .nullable(),
  })
  .openapi('TenantVote');
const Refusal = (description: string) => ({ 409: json(ErrorBody, description) });
const pdf = (description: string) => ({
  200: { description, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
});

const refused = (reason: VoteRefusal, params?: Record<string, string | number>, extra: object = {}) => ({
  error: reason,
  message: refusalMessage(reason, params),
  ...extra,
});

const publicMessages: Record<string, string> = {
  empty: 'Écrivez le code de vote imprimé sur votre lettre.',
  format: 'Ce code n’a pas la bonne forme : il a 12 signes, par exemple K7Q4-M9X2-B8RZ.',
  check: 'Ce code contient une erreur de frappe : vérifiez chaque signe.',
  unknown: 'Ce code n’existe pas.',
  limited: 'Trop d’essais. Attendez un moment avant de recommencer.',
  revoked: 'Ce code a été remplacé par un nouveau code : utilisez le code de votre nouvelle lettre.',
  upcoming: 'Le vote n’a pas encore commencé.',
  closed: 'Le vote est terminé.',
  already_voted: 'Un vote est déjà enregistré pour ce logement. Un logement vote une seule fois.',
};

export function votesApi({ baseUrl }: { baseUrl: string }) {
  const voteUrl = `${baseUrl.replace(/\/$/, '')}/vote`;
  const pdfResponse = downloadResponse;

  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tenant-votes',
        tags,
        summary: 'Votes the token may follow, newest first, with turnout so far',
        request: {
          query: z.object({
            sector: Id.optional(),
            before: Id.optional().openapi({ description: 'nextBefore of the previous page' }),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
        responses: {
          200: json(
            z.object({ items: z.array(VoteSummary), nextBefore: z.number().nullable() }),
            'A page of votes',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { sector, before, limit } = c.req.valid('query');
        const page = await listVotes({
          db: c.var.db,
          actor: c.var.actor,
          sectorId: sector,
          beforeId: before,
          limit,
        });
        return c.json(
          {
            items: page.votes.map((v) => ({
              id: v.id,
              reference: v.reference,
              sectorId: v.sectorId,
              sectorName: v.sectorName,
              procedure: v.procedure,
              opensAt: v.opensAt.toISOString(),
              closesAt: v.closesAt.toISOString(),
              phase: v.phase,
              result: v.result,
              dwellingsConcerned: v.dwellingsConcerned,
              voted: v.voted,
              turnoutBp: v.turnoutBp,
            })),
            nextBefore: page.nextBeforeId,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tenant-votes',
        tags,
        summary:
          'Open a vote for a sector (or some of its buildings): freezes the dwellings, draws the codes',
        description:
          'Dates are ISO instants with an offset, or local Paris time ("2027-01-04T08:00"). The rule in force for the procedure is copied onto the vote and can never change.',
        request: { body: { content: { 'application/json': { schema: NewVote } }, required: true } },
        responses: {
          201: json(
            z.object({ id: z.number(), reference: z.string(), dwellingsConcerned: z.number() }),
            'Opened',
          ),
          ...Refusal('Refused: window too long, a vote already running, no dwelling with a tenancy…'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await openVote({
          db: c.var.db,
          actor: c.var.actor,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(refused(result.reason, result.params, { field: result.field }), 409);
        return c.json(
          { id: result.voteId, reference: result.reference, dwellingsConcerned: result.dwellingsConcerned },
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tenant-votes/{id}',
        tags,
        summary: 'A vote with its live tally (by channel and building) and the result its rule gives',
        request: { params: PathId },
        responses: { 200: json(VoteBody, 'The vote'), ...errorResponses },
      }),
      async (c) => {
        const d = await getVote({ db: c.var.db, actor: c.var.actor, voteId: c.req.valid('param').id });
        const { vote } = d;
        return c.json(
          {
            id: vote.id,
            reference: vote.reference,
            sectorId: vote.sectorId,
            sectorName: d.sectorName,
            phase: d.phase,
            rule: {
              version: vote.ruleVersion,
              procedure: vote.procedure,
              majorityBp: vote.majorityBp,
              quorumBp: vote.quorumBp,
              rejectionBp: vote.rejectionBp,
              text: d.ruleText,
            },
            opensAt: vote.opensAt.toISOString(),
            closesAt: vote.closesAt.toISOString(),
            offer: {
              operatorId: vote.operatorId,
              operatorName: d.operatorName,
              serviceName: vote.serviceName,
              monthlyAmountCents: vote.monthlyAmountCents,
              tariffFrom: vote.tariffFrom,
            },
            dwellingsConcerned: vote.dwellingsConcerned,
            voted: d.voted,
            turnoutBp: d.turnoutBp,
            choicesVisible: d.choicesVisible,
            tally: d.tally,
            decision:
              d.decision && d.decisionText
                ? {
                    result: d.decision.result,
                    final: d.phase === 'closed' || d.phase === 'certified',
                    cast: d.decision.cast,
                    text: d.decisionText,
                  }
                : null,
            certified:
              vote.certifiedAt && vote.result
                ? {
                    at: vote.certifiedAt.toISOString(),
                    by: vote.certifiedBy ?? '',
                    result: vote.result,
                    recountMatches: d.recountMatches,
                  }
                : null,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tenant-votes/{id}/letters.pdf',
        tags,
        summary:
          'The letters, one A4 page per dwelling with its live ballot code and QR code (vote officers)',
        request: { params: PathId, query: z.object({ dwelling: Id.optional() }) },
        responses: { ...pdf('The letters'), ...errorResponses },
      }),
      async (c) => {
        const { pdf: bytes, reference } = await voteLetters({
          db: c.var.db,
          actor: c.var.actor,
          voteId: c.req.valid('param').id,
          dwellingId: c.req.valid('query').dwelling,
          voteUrl,
        });
        return pdfResponse(bytes, `${reference}-lettres.pdf`);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tenant-votes/{id}/report.pdf',
        tags,
        summary: 'The procès-verbal (marked as a draft until certified)',
        request: { params: PathId },
        responses: { ...pdf('The report'), ...errorResponses },
      }),
      async (c) => {
        const { pdf: bytes, reference } = await voteReport({
          db: c.var.db,
          actor: c.var.actor,
          voteId: c.req.valid('param').id,
          voteUrl,
        });
        return pdfResponse(bytes, `${reference}-proces-verbal.pdf`);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tenant-votes/{id}/ballots',
        tags,
        summary: 'Record an in-person ballot, by ballot code or by dwelling reference',
        request: {
          params: PathId,
          body: { content: { 'application/json': { schema: StaffBallot } }, required: true },
        },
        responses: {
          201: json(z.object({ dwellingId: z.number() }), 'Recorded'),
          ...Refusal('Refused: already voted, unknown or replaced code, vote not open'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const result = await recordInPersonBallot({
          db: c.var.db,
          actor: c.var.actor,
          voteId: c.req.valid('param').id,
          key: (body.code ?? body.dwellingReference)!,
          choice: body.choice,
        });
        if (!result.ok) return c.json(refused(result.reason), 409);
        return c.json({ dwellingId: result.dwellingId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tenant-votes/{id}/dwellings/{dwellingId}/reissue-code',
        tags,
        summary: 'A lost letter: revoke the dwelling’s code and draw a new one',
        request: {
          params: PathId.extend({ dwellingId: Id.openapi({ param: { name: 'dwellingId', in: 'path' } }) }),
        },
        responses: {
          201: json(z.object({ code: z.string() }), 'The new code'),
          ...Refusal('Refused: the vote is over, or the dwelling is not concerned'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { id, dwellingId } = c.req.valid('param');
        const result = await reissueCode({ db: c.var.db, actor: c.var.actor, voteId: id, dwellingId });
        if (!result.ok) return c.json(refused(result.reason), 409);
        return c.json({ code: result.code }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tenant-votes/{id}/paper-batches',
        tags,
        summary: 'Open a batch of paper slips received together',
        request: {
          params: PathId,
          body: { content: { 'application/json': { schema: NewPaperBatch } }, required: true },
        },
        responses: {
          201: json(z.object({ id: z.number(), number: z.number() }), 'Created'),
          ...Refusal('Refused: received outside the window, or the vote is certified'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await createPaperBatch({
          db: c.var.db,
          actor: c.var.actor,
          voteId: c.req.valid('param').id,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(refused(result.reason), 409);
        return c.json({ id: result.batchId, number: result.number }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tenant-votes/paper-batches/{id}',
        tags,
        summary: 'A batch: its state, and the differences between the two entries once both are in',
        request: { params: PathId },
        responses: {
          200: json(
            z.object({
              id: z.number(),
              voteId: z.number(),
              status: z.string(),
              slips: z.object({ first: z.number(), second: z.number(), settled: z.number() }),
              differences: z.array(
                z.object({
                  dwellingId: z.number(),
                  reference: z.string(),
                  first: z.enum(choices).nullable(),
                  second: z.enum(choices).nullable(),
                }),
              ),
            }),
            'The batch',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const view = await getPaperBatch({
          db: c.var.db,
          actor: c.var.actor,
          batchId: c.req.valid('param').id,
        });
        return c.json(
          {
            id: view.batch.id,
            voteId: view.voteId,
            status: view.batch.status,
            slips: view.slips,
            differences: view.differences.map((d) => ({
              dwellingId: d.dwellingId,
              reference: d.reference,
              first: d.first,
              second: d.second,
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tenant-votes/paper-batches/{id}/entries',
        tags,
        summary:
          'One entry of a batch (the first, then the second by another person); counts when both agree',
        description:
          'One slip per line: the ballot code (or the dwelling reference) then oui, non, blanc or nul.',
        request: {
          params: PathId,
          body: { content: { 'application/json': { schema: PaperEntry } }, required: true },
        },
        responses: {
          200: json(
            z.object({
              status: z.string(),
              counted: z.number(),
              alreadyVoted: z.number(),
              differences: z.number(),
            }),
            'Entered',
          ),
          ...Refusal(
            'Refused: lines to correct (listed), same person twice, or the batch is not at this step',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await enterPaperBatch({
          db: c.var.db,
          actor: c.var.actor,
          batchId: c.req.valid('param').id,
          text: c.req.valid('json').lines,
        });
        if (!result.ok)
          return c.json(
            refused(result.reason, undefined, {
              issues: (result.problems ?? []).map((x) => ({ path: `lines.${x.lineNo}`, message: x.message })),
            }),
            409,
          );
        const { ok: _, ...body } = result;
        return c.json(body, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tenant-votes/paper-batches/{id}/settlement',
        tags,
        summary: 'Settle the differences of a batch, slip in hand, and count it',
        request: {
          params: PathId,
          body: {
            content: {
              'application/json': {
                schema: z.object({
                  decisions: z
                    .array(z.object({ dwellingId: Id, choice: z.enum([...choices, 'none']) }))
                    .min(1),
                }),
              },
            },
            required: true,
          },
        },
        responses: {
          200: json(z.object({ counted: z.number(), alreadyVoted: z.number() }), 'Counted'),
          ...Refusal('Refused: a difference is left unsettled, or the batch is not at this step'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await settlePaperBatch({
          db: c.var.db,
          actor: c.var.actor,
          batchId: c.req.valid('param').id,
          decisions: new Map(c.req.valid('json').decisions.map((d) => [d.dwellingId, d.choice])),
        });
        if (!result.ok) return c.json(refused(result.reason), 409);
        return c.json({ counted: result.counted, alreadyVoted: result.alreadyVoted }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tenant-votes/{id}/certify',
        tags,
        summary: 'Certify the result of a closed vote (records the agreement when adopted)',
        request: { params: PathId },
        responses: {
          200: json(
            z.object({ result: z.enum(['adopted', 'rejected']), agreementId: z.number().nullable() }),
            'Certified',
          ),
          ...Refusal('Refused: not closed yet, paper batches pending, already certified'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await certifyVote({
          db: c.var.db,
          actor: c.var.actor,
          voteId: c.req.valid('param').id,
        });
        if (!result.ok) return c.json(refused(result.reason), 409);
        return c.json({ result: result.result, agreementId: result.agreementId }, 200);
      },
    );
}

const PublicPaper = z
  .object({
    code: z.string(),
    voteReference: z.string(),
    sectorName: z.string(),
    procedure: z.string(),
    serviceName: z.string(),
    operatorName: z.string(),
    monthlyAmountCents: z.number(),
    tariffFrom: z.string(),
    opensAt: z.string(),
    closesAt: z.string(),
    helpPhone: z.string(),
    address: z.string(),
  })
  .openapi('BallotPaper');
const PublicRefusal = z
  .object({
    error: z.string(),
    message: z.string(),
    helpPhone: z.string().optional(),
    retryAfterSeconds: z.number().optional(),
  })
  .openapi('BallotRefusal');

/** The online vote, public: a ballot code is the only credential, and wrong codes are rate-limited. */
export function publicBallotApi({ ballotLimiter }: { ballotLimiter: AttemptLimiter }) {
  const paperJson = (paper: BallotPaper) => ({
    ...paper,
    opensAt: paper.opensAt.toISOString(),
    closesAt: paper.closesAt.toISOString(),
  });
  const refusal = (r: Exclude<LookupResult, { ok: true }>) => ({
    error: r.reason,
    message: publicMessages[r.reason]!,
    ...('paper' in r ? { helpPhone: r.paper.helpPhone } : {}),
    ...('retryAfterSeconds' in r ? { retryAfterSeconds: r.retryAfterSeconds } : {}),
  });
  const status = (r: { reason: string }) =>
    r.reason === 'limited' ? 429 : r.reason === 'unknown' ? 404 : 409;
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/public/ballots/{code}',
        tags: ['Online vote'],
        security: [],
        summary: 'What a ballot code votes on (no token: the code is the credential)',
        request: {
          params: z.object({
            code: z.string().openapi({ param: { name: 'code', in: 'path' }, example: 'K7Q4-M9X2-B8RZ' }),
          }),
        },
        responses: {
          200: json(PublicPaper, 'The question put to this dwelling'),
          404: json(PublicRefusal, 'Unknown code'),
          409: json(
            PublicRefusal,
            'The code cannot vote (replaced, not open yet, closed, already used, mistyped)',
          ),
          429: json(PublicRefusal, 'Too many wrong codes from this address or for this vote'),
        },
      }),
      async (c) => {
        const result = await lookupBallotCode({
          db: c.var.db,
          limiter: ballotLimiter,
          typed: c.req.valid('param').code,
          ip: c.var.clientIp,
        });
        if (!result.ok && result.reason === 'limited')
          c.header('Retry-After', String(result.retryAfterSeconds));
        if (!result.ok) return c.json(refusal(result), status(result) as 409);
        return c.json(paperJson(result.paper), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/public/ballots',
        tags: ['Online vote'],
        security: [],
        summary: 'Vote with a ballot code; a dwelling votes once',
        request: {
          body: {
            content: {
              'application/json': {
                schema: z.object({ code: z.string().max(40), choice: z.enum(['yes', 'no', 'blank']) }),
              },
            },
            required: true,
          },
        },
        responses: {
          201: json(z.object({ choice: z.string(), receivedAt: z.string(), paper: PublicPaper }), 'Recorded'),
          404: json(PublicRefusal, 'Unknown code'),
          409: json(PublicRefusal, 'The code cannot vote'),
          429: json(PublicRefusal, 'Too many wrong codes'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const result = await castOnlineBallot({
          db: c.var.db,
          limiter: ballotLimiter,
          typed: body.code,
          choice: body.choice,
          ip: c.var.clientIp,
          channel: 'api',
        });
        if (!result.ok && result.reason === 'limited')
          c.header('Retry-After', String(result.retryAfterSeconds));
        if (!result.ok) return c.json(refusal(result), status(result) as 409);
        return c.json(
          {
            choice: result.choice,
            receivedAt: result.receivedAt.toISOString(),
            paper: paperJson(result.paper),
          },
          201,
        );
      },
    );
}
