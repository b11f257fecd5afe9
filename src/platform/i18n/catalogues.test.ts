import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };

const keysOf = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

const appDir = path.resolve(import.meta.dirname, '../../../app');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith('.tsx')
        ? [readFileSync(path.join(dir, e.name), 'utf8')]
        : [],
  );

describe('message catalogues', () => {
  const frKeys = new Set(keysOf(fr).map((k) => k.replace(/_(one|other)$/, '')));
  const enKeys = new Set(keysOf(en).map((k) => k.replace(/_(one|other)$/, '')));

  it('English has exactly the keys French has', () => {
    expect([...enKeys].sort()).toEqual([...frKeys].sort());
  });

  it('every fixed key the pages use exists in French', () => {
    const used = sources(appDir).flatMap((code) =>
      [...code.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g)].map((m) => m[1]!),
    );
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((key) => !frKeys.has(key))).toEqual([]);
  });
});
