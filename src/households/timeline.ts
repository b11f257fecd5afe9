/**
 * One entry of a household's journey. Each journey (vote, access, equipment, workshops, certificate, advice)
 * adds its own kinds as its module lands; the page shows them in one list, newest first.
 */
export interface TimelineEntry {
  at: string;
  kind: string;
  journey: 'household' | 'housing' | 'vote' | 'access' | 'equipment' | 'workshops' | 'certificate' | 'advice';
  by: string;
  details: Record<string, unknown>;
}
