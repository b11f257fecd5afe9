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
