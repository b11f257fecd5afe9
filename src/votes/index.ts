// Tenant votes: the collective agreement decided sector by sector, one voice per dwelling (article 42).
export { codeLength, formatBallotCode, generateBallotCode, parseBallotCode } from './ballot-code.ts';
export { type CertifyResult, certifyVote } from './certify-vote.ts';
export { compareEntries } from './compare-entries.ts';
export type { BallotChannel, Choice, ChoiceCounts, Procedure } from './documents/types.ts';
export { voteIdByReference } from './find-vote.ts';
export { getVote, type VoteDetail } from './get-vote.ts';
export { eraseHouseholdVotes, householdVotesPersonalData } from './household-votes.ts';
export { listVoteDwellings, type VoteDwellingRow } from './list-vote-dwellings.ts';
export { listVotes } from './list-votes.ts';
export { type OpenVoteResult, openVote } from './open-vote.ts';
export {
  type BatchView,
  createPaperBatch,
  enterPaperBatch,
  getPaperBatch,
  type LineProblem,
  settlePaperBatch,
} from './paper-batches.ts';
export { parseSlipLines } from './paper-lines.ts';
export {
  type BallotPaper,
  type CastResult,
  castOnlineBallot,
  createBallotLimiter,
  type LookupResult,
  lookupBallotCode,
} from './public-ballot.ts';
export { type RecordBallotResult, recordInPersonBallot } from './record-ballot.ts';
export { type HistoricalAgreementResult, recordHistoricalAgreement } from './record-historical-agreement.ts';
export { refusalMessage, type VoteRefusal } from './refusals.ts';
export { reissueCode } from './reissue-code.ts';
export { countWithin, decide, decisionText, receivedWithin, ruleFor, ruleText, voteRules } from './rules.ts';
export { ballot, ballotCode, collectiveAgreement, paperBatch, tenantVote, voteDwelling } from './schema.ts';
export { type VotePhase, votePhase } from './scope.ts';
export { tallyVote } from './tally.ts';
export { type BallotSeed, insertBallots } from './test-data.ts';
export {
  channels,
  choices,
  EuroAmount,
  NewPaperBatch,
  NewVote,
  type NewVoteInput,
  PaperEntry,
  procedures,
  StaffBallot,
} from './values.ts';
export { verifyVoteCount } from './verify-vote-count.ts';
export { voteLetters, voteReport } from './vote-documents.ts';
export { voteFormOptions } from './vote-form-options.ts';
