import { describe, expect, it } from 'vitest';
import { attributionText, TestimonyInput } from './values.ts';

describe('how a testimony is signed', () => {
  it.each([
    ['under a first name', 'first_name', 'Aïcha', 'Aïcha'],
    ['anonymously', 'anonymous', null, 'Anonyme'],
    ['anonymously, a first name kept by mistake', 'anonymous', 'Aïcha', 'Anonyme'],
    ['under a first name since erased', 'first_name', null, 'Anonyme'],
  ] as const)('%s', (_, attribution, firstName, text) => {
    expect(attributionText({ attribution, firstName })).toBe(text);
  });
});

describe('what staff type', () => {
  const base = {
    quote: 'Je fais mes démarches seule.',
    context: 'Atelier débutants',
    consentOn: '2026-03-02',
    consentForm: 'signed',
  };
  it('asks for the first name the person chose', () => {
    const parsed = TestimonyInput.safeParse({ ...base, attribution: 'first_name' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['firstName'] });
  });
  it('keeps no first name on an anonymous testimony', () => {
    const parsed = TestimonyInput.parse({ ...base, attribution: 'anonymous', firstName: 'Aïcha' });
    expect(parsed.firstName).toBeUndefined();
  });
});
