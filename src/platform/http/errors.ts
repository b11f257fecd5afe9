// Maps the errors use cases throw to HTTP answers; anything unexpected is logged and answered without details.
import { CsvFormatError } from '../csv/index.ts';
import { ForbiddenError, NotFoundError } from '../permissions/index.ts';

export interface HttpProblem {
  status: number;
  error: string;
  message: string;
}

export function problemFor(error: unknown): HttpProblem {
  if (error instanceof ForbiddenError) {
    return { status: 403, error: 'forbidden', message: 'Votre rôle ne permet pas cette action.' };
  }
  if (error instanceof NotFoundError) {
    return { status: 404, error: 'not_found', message: 'Introuvable, ou pas visible avec votre rôle.' };
  }
  if (error instanceof CsvFormatError) return { status: 422, error: 'invalid_file', message: error.message };
  if (error instanceof SyntaxError)
    return { status: 400, error: 'bad_request', message: 'Corps de requête illisible (JSON attendu).' };
  return {
    status: 500,
    error: 'internal',
    message: 'Une erreur inattendue est survenue. Elle a été enregistrée.',
  };
}

/**
 * What the server log keeps of an unexpected error: its message and stack, never the values a failed query was
 * given. Drizzle's `Failed query: … params: …` lists them (names, phone numbers, password hashes, session tokens),
 * and a value may span lines: the query's text is kept, the values are counted.
 */
export function describeForLog(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 2000);
  const failed = error as Error & { query?: unknown; params?: unknown };
  if (typeof failed.query === 'string' && Array.isArray(failed.params)) {
    const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    const cause = error.cause instanceof Error ? [`  caused by: ${error.cause.message}`] : [];
    return [
      `${error.name}: Failed query: ${failed.query}`,
      `  params: ${failed.params.length} value(s), not logged`,
      ...cause,
      ...frames,
    ].join('\n');
  }
  return error.stack ?? `${error.name}: ${error.message}`;
}

/**
 * A request path as the log shows it: segments that may be secrets (an invitation, a calendar feed's token, a ballot
 * or certificate code — long, or with digits among letters) are replaced.
 */
export function pathForLog(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      segment.length >= 20 || (segment.length >= 8 && /\d/.test(segment) && /[a-z]/i.test(segment))
        ? '…'
        : segment,
    )
    .join('/');
}
