import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeForLog, pathForLog } from './errors.ts';

describe('what the server log keeps of an error', () => {
  it('a failed query: its text and where it came from, never the values it was given', () => {
    const error = new DrizzleQueryError(
      'insert into "session" ("token", "user_id") values ($1, $2)',
      ['s3cr3t-session-token', 'Aïcha\nDupont, 06 12 34 56 78'],
      new Error('duplicate key value violates unique constraint "session_token_unique"'),
    );
    const line = describeForLog(error);
    expect(line).toContain('Failed query: insert into "session"');
    expect(line).toContain('params: 2 value(s), not logged');
    expect(line).toContain('caused by: duplicate key value');
    expect(line).toMatch(/\n\s+at /);
    expect(line).not.toContain('s3cr3t');
    expect(line).not.toContain('Dupont');
    expect(line).not.toContain('06 12');
  });

  it('any other error: its stack', () => {
    expect(describeForLog(new TypeError('x is undefined'))).toMatch(/^TypeError: x is undefined\n\s+at /);
    expect(describeForLog('plain')).toBe('plain');
  });

  it('an address without what may be a secret in it: invitations, calendar feeds, ballot and certificate codes', () => {
    expect(pathForLog('/invitation/3q2-7wEvZ0nqD8tZx1c2TgS9JmHk4aPb')).toBe('/invitation/…');
    expect(pathForLog('/calendrier/4f9a8c7e6b5d4c3b2a190817')).toBe('/calendrier/…');
    expect(pathForLog('/api/v1/public/ballots/K7Q4-M9X2-B8RZ')).toBe('/api/v1/public/ballots/…');
    expect(pathForLog('/foyers/42/donnees')).toBe('/foyers/42/donnees');
    expect(pathForLog('/coordination/conventions/renouvellements.csv')).toBe(
      '/coordination/conventions/renouvellements.csv',
    );
  });
});
