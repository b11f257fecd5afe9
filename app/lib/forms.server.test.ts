import { describe, expect, it } from 'vitest';
import { eurosToCents, readForm } from './forms.server.ts';

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('http://localhost/x', { method: 'POST', body, headers });

describe('readForm', () => {
  it.each([
    ['plain text stays as typed', 'Dupont', 'Dupont'],
    ['a NUL character is dropped', 'Du\u0000pont', 'Dupont'],
    ['half a surrogate pair becomes a replacement character', 'Du\uD800pont', 'Du\uFFFDpont'],
    ['an emoji is kept whole', 'Dupont 🙂', 'Dupont 🙂'],
  ])('%s', async (_, typed, read) => {
    const form = new URLSearchParams({ name: typed });
    expect((await readForm(post(form))).get('name')).toBe(read);
  });

  it('reads a body that is not a form as an empty form', async () => {
    const form = await readForm(post('{"name":"x"}', { 'content-type': 'application/json' }));
    expect([...form.keys()]).toEqual([]);
  });

  it('keeps uploaded files untouched', async () => {
    const body = new FormData();
    body.append('file', new File(['a;b\n'], 'list.csv', { type: 'text/csv' }));
    const file = (await readForm(post(body))).get('file');
    expect(file).toBeInstanceOf(File);
    expect(await (file as File).text()).toBe('a;b\n');
  });
});

describe('eurosToCents', () => {
  it.each([
    ['1,24', 124],
    ['40', 4000],
    ['abc', null],
  ])('%s → %s', (typed, cents) => {
    expect(eurosToCents(typed)).toBe(cents);
  });
});
