// Forms are parsed on the server with the module's zod schema (Conform), so errors come back field by field.
import { parseWithZod } from '@conform-to/zod/v4';
import type { z } from 'zod';
import { EuroAmount } from '../../src/platform/validation.ts';

/**
 * The posted form; a body that is not a form (a robot, a broken client) reads as an empty one, never a 500. Text
 * PostgreSQL cannot store — a NUL character, half of a surrogate pair — never comes from a keyboard: it is dropped
 * here so that no page can fail on it later.
 */
export async function readForm(request: Request): Promise<FormData> {
  const posted = await request.formData().catch(() => new FormData());
  const clean = new FormData();
  for (const [name, value] of posted.entries())
    clean.append(storable(name), typeof value === 'string' ? storable(value) : value);
  return clean;
}

const storable = (text: string) => text.replaceAll('\u0000', '').toWellFormed();

export async function parseForm<S extends z.ZodType>(request: Request, schema: S) {
  const formData = await readForm(request);
  return { formData, submission: parseWithZod(formData, { schema }) };
}

/** What was typed in euros ("1,24"), in cents; null when it is not an amount. */
export function eurosToCents(value: FormDataEntryValue | null): number | null {
  const parsed = EuroAmount.safeParse(String(value ?? ''));
  return parsed.success ? parsed.data : null;
}
