// Staff identify a dwelling by its ballot code or by its landlord reference (when the letter is lost).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { textArray } from '../platform/sql/index.ts';
import { parseBallotCode } from './ballot-code.ts';

export type KeyResolution =
  | { ok: true; dwellingId: number; codeId: number | null }
  | { ok: false; reason: 'unknown_code' | 'revoked_code' | 'unknown_dwelling' | 'check' };

/** Resolves many typed keys at once (two queries whatever their number). */
export async function resolveKeys(
  db: DbOrTx,
  voteId: number,
  keys: readonly string[],
): Promise<Map<string, KeyResolution>> {
  // Control characters (a NUL) cannot be in a code or a reference, and PostgreSQL refuses them in text.
  const referenceOf = (key: string) =>
    key
      .replace(/\p{Cc}/gu, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toUpperCase();
  const parsed = keys.map((key) => ({ key, code: parseBallotCode(key.replace(/\p{Cc}/gu, '')) }));
  const codes = parsed.flatMap((p) => (p.code.ok ? [p.code.code] : []));
  const references = keys.map(referenceOf);
  const [codeRows, dwellingRows] = await Promise.all([
    db.execute<{ code: string; id: number; dwelling_id: number; revoked_at: Date | null }>(sql`
      select code, id, dwelling_id, revoked_at from ballot_code
      where vote_id = ${voteId} and code = any(${textArray(codes)})`),
    db.execute<{ reference_key: string; dwelling_id: number }>(sql`
      select d.reference_key, vd.dwelling_id from vote_dwelling vd join dwelling d on d.id = vd.dwelling_id
      where vd.vote_id = ${voteId} and d.reference_key = any(${textArray(references)})`),
  ]);
  const byCode = new Map(codeRows.map((r) => [r.code, r]));
  const byReference = new Map(dwellingRows.map((r) => [r.reference_key, r.dwelling_id]));
  const resolved = new Map<string, KeyResolution>();
  for (const { key, code } of parsed) {
    const reference = byReference.get(referenceOf(key));
    if (reference !== undefined) {
      resolved.set(key, { ok: true, dwellingId: reference, codeId: null });
    } else if (code.ok) {
      const row = byCode.get(code.code);
      resolved.set(
        key,
        !row
          ? { ok: false, reason: 'unknown_code' }
          : row.revoked_at
            ? { ok: false, reason: 'revoked_code' }
            : { ok: true, dwellingId: row.dwelling_id, codeId: row.id },
      );
    } else {
      resolved.set(key, { ok: false, reason: code.reason === 'check' ? 'check' : 'unknown_dwelling' });
    }
  }
  return resolved;
}

export const keyErrorMessages: Record<Exclude<KeyResolution, { ok: true }>['reason'], string> = {
  unknown_code: 'code inconnu pour cette consultation',
  revoked_code: 'code remplacé par un nouveau code : ce bulletin ne vaut plus',
  unknown_dwelling: 'ni un code de vote, ni un logement consulté',
  check: 'code mal recopié (un signe est faux)',
};
