// Forms are parsed on the server with the module's zod schema (Conform), so errors come back field by field.
import { parseWithZod } from '@conform-to/zod/v4';
import type { z } from 'zod';
import '../../src/platform/validation.ts';

export async function parseForm<S extends z.ZodType>(request: Request, schema: S) {
  const formData = await request.formData();
  return { formData, submission: parseWithZod(formData, { schema }) };
}
