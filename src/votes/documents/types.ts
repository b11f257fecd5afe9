// What the vote's printed documents need: plain data, already read from the database and checked for permission.

export type Procedure = 'approval' | 'opposition';
export type BallotChannel = 'online' | 'paper' | 'in_person';
export type Choice = 'yes' | 'no' | 'blank' | 'invalid';

/** The vote as a letter or a report describes it. */
export interface VoteSummary {
  reference: string; // "CV-2026-0003"
  programmeName: string;
  landlordName: string;
  sectorName: string;
  neighbourhoodName: string;
  procedure: Procedure;
  opensAt: Date;
  closesAt: Date;
  operatorName: string;
  serviceName: string;
  monthlyAmountCents: number;
  /** The first day the amount would be charged (ISO date "2027-01-01"). */
  tariffFrom: string;
  meetingAt: Date | null;
  meetingPlace: string | null;
  helpPhone: string;
  /** The online vote page, e.g. "https://palier.example/vote" (the QR code adds "?code=…"). */
  voteUrl: string;
}

/** One letter: one dwelling, one ballot code. */
export interface LetterRecipient {
  code: string; // grouped for reading, e.g. "K7Q-4M9X-2B8R"
  dwellingReference: string;
  address: string;
  postcode: string;
  city: string;
  floor: number | null;
  /** The reference person's name when known ("Mme Le Gall"), else the letter says "Madame, Monsieur". */
  addressee: string | null;
}

export interface ChoiceCounts {
  yes: number;
  no: number;
  blank: number;
  invalid: number;
}

export interface VoteReportData {
  vote: VoteSummary;
  /** The rule's version and its text in French, as stored on the vote. */
  ruleVersion: string;
  ruleText: string;
  dwellingsConcerned: number;
  buildings: { address: string; dwellings: number; voted: number }[];
  byChannel: ({ channel: BallotChannel } & ChoiceCounts)[];
  /** Ballots received within the window (what counts). */
  totals: ChoiceCounts;
  /** Ballots received after closing: recorded, not counted. */
  late: number;
  /** Turnout among the dwellings concerned, in basis points (2537 = 25.37 %). */
  turnoutBp: number;
  result: 'adopted' | 'rejected';
  /** Why, in one French sentence with the numbers ("312 oui sur 540 suffrages exprimés (57,78 %) …"). */
  resultText: string;
  certifiedAt: Date | null;
  certifiedBy: string | null;
  generatedAt: Date;
}
