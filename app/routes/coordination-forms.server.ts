// Server side of the coordination pages' forms (not a route): reading what was posted, turning zod issues and
// refusals into errors by field, and the status form of a follow-up action that two pages carry.
import type { z } from 'zod';
import { type CoordinationRefused, setActionStatus } from '../../src/coordination/index.ts';
import type { Db } from '../../src/platform/db/index.ts';
import type { Actor } from '../../src/platform/permissions/index.ts';
import type { Errors } from './coordination-parts.tsx';

/** The text fields of a posted form (files are read apart). */
export function textValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  return values;
}

/** zod issues by the field they are about (its first path segment; '' for the form as a whole). */
export function issuesByField(error: z.ZodError): Errors {
  const out: Errors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

/** A use case's refusal as errors by field: its issues when it has some, else its message on its field. */
export function refusalErrors(refusal: Pick<CoordinationRefused, 'message' | 'field' | 'issues'>): Errors {
  if (refusal.issues?.length) {
    const out: Errors = {};
    for (const issue of refusal.issues) {
      const key = issue.path.split('.').at(-1) ?? '';
      out[key] = [...(out[key] ?? []), issue.message];
    }
    return out;
  }
  const key = refusal.field?.split('.').at(-1) ?? '';
  return { [key]: [refusal.message] };
}

/** The status form of an action: where it stands, with a note. Forbidden and not found are thrown as usual. */
export async function followAction(
  db: Db,
  actor: Actor,
  values: Record<string, string>,
): Promise<{ ok: true; actionId: number } | { ok: false; actionId: number | null; errors: Errors }> {
  const actionId = Number(values.actionId);
  if (!Number.isInteger(actionId) || actionId <= 0 || actionId > 2_147_483_647)
    return { ok: false, actionId: null, errors: { '': ['Action inconnue.'] } };
  const done = await setActionStatus({
    db,
    actor,
    actionId,
    input: { status: (values.status ?? '') as never, note: values.note },
  });
  if (!done.ok) return { ok: false, actionId, errors: refusalErrors(done) };
  return { ok: true, actionId };
}
