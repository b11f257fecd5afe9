// Validation messages default to French for every zod schema (pages, API and CLI share them).
import { z } from 'zod';
import { fr } from 'zod/locales';

z.config(fr());

export { z };
