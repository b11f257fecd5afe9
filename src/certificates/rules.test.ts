import { describe, expect, it } from 'vitest';
import { pim2026, pix2024 } from './frameworks.ts';
import {
  codeAlphabet,
  isVerificationCode,
  levelReached,
  missingCompetencies,
  newVerificationCode,
  normaliseVerificationCode,
} from './rules.ts';

describe('verification codes', () => {
  it('are P- and 8 symbols without I, L or O, drawn uniformly', () => {
    expect(codeAlphabet).toHaveLength(33);
    expect(codeAlphabet).not.toMatch(/[ILO]/);
    const codes = Array.from({ length: 20_000 }, newVerificationCode);
    for (const code of codes.slice(0, 500)) expect(code).toMatch(/^P-[0-9A-HJKMNP-Z]{8}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every symbol appears at every position over many draws (no bias towards a subset).
    const seen = new Set(codes.map((c) => c[2]));
    expect(seen.size).toBe(33);
  });

  it.each([
    ['P-7K3M9QXA', 'P-7K3M9QXA'],
    ['p-7k3m 9qxa', 'P-7K3M9QXA'],
    ['7K3M-9QXA', 'P-7K3M9QXA'],
    ['P7K3M9QXA', 'P-7K3M9QXA'],
    ['P-7K3M9QXO', 'P-7K3M9QX0'], // the letter O read as zero
    ['P-7K3M9QXI', 'P-7K3M9QX1'],
    ['P-7K3M9QX', null],
    ['P-7K3M9QXA1', null],
    ['P-7K3M9QX#', null],
    ['', null],
  ])('%j is read as %s', (typed, code) => {
    expect(normaliseVerificationCode(typed)).toBe(code);
  });

  it.each([
    ['P-7K3M9QXA', true],
    ['P-7K3M9QXI', false],
    ['P-7K3M9QXL', false],
    ['P-7K3M9QXO', false],
    ['Q-7K3M9QXA', false],
  ])('%s is a code: %s', (code, ok) => {
    expect(isVerificationCode(code)).toBe(ok);
  });
});

describe('levels', () => {
  const visa = pim2026.levels.find((l) => l.code === 'visa-internet')!;
  const discovery = pim2026.levels.find((l) => l.code === 'visa-decouverte')!;
  it.each([
    [discovery.required, ['PIM-1.1', 'PIM-1.2', 'PIM-3.1', 'PIM-3.2'], true, []],
    [discovery.required, ['PIM-1.1', 'PIM-3.1', 'PIM-3.2', 'PIM-5.1'], false, ['PIM-1.2']],
    [
      visa.required,
      discovery.required,
      false,
      ['PIM-1.3', 'PIM-2.1', 'PIM-3.3', 'PIM-4.1', 'PIM-4.2', 'PIM-5.1', 'PIM-5.2'],
    ],
    [visa.required, visa.required, true, []],
    [[], ['PIM-1.1'], false, []],
  ])('required %j with %j → reached %s, missing %j', (required, validated, reached, missing) => {
    expect(levelReached(required, validated)).toBe(reached);
    expect(missingCompetencies(required, validated)).toEqual(missing);
  });

  it('every required competency exists in its framework, every Pix mapping in the Pix reference', () => {
    const pimCodes = new Set(pim2026.areas.flatMap((a) => a.competencies.map((c) => c.code)));
    for (const level of pim2026.levels) for (const code of level.required) expect(pimCodes).toContain(code);
    const pixCodes = new Set(pix2024.areas.flatMap((a) => a.competencies.map((c) => c.code)));
    expect(pixCodes.size).toBe(16);
    expect(pix2024.areas).toHaveLength(5);
    expect(pim2026.areas).toHaveLength(5);
    for (const area of pim2026.areas)
      for (const c of area.competencies) for (const ref of c.pixRefs) expect(pixCodes).toContain(ref);
  });
});
