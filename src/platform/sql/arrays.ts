import { type SQL, sql } from 'drizzle-orm';

/**
 * A JavaScript array as one PostgreSQL array parameter (Drizzle would spread it into a list of parameters),
 * e.g. `unnest(${intArray(ids)})` or `= any(${textArray(codes)})`.
 */
export const intArray = (values: readonly number[]): SQL =>
  sql`${sql.param(`{${values.map((v) => Math.trunc(v)).join(',')}}`)}::int[]`;

export const textArray = (values: readonly string[]): SQL =>
  sql`${sql.param(`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`)}::text[]`;

export const floatArray = (values: readonly number[]): SQL =>
  sql`${sql.param(`{${values.map((v) => String(Number(v))).join(',')}}`)}::float8[]`;
