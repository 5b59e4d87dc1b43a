import type { FC } from 'hono/jsx';
import { describe, expect, it } from 'vitest';
import { oncePerObject, renderedOnce } from './once-per-object.js';

describe('oncePerObject', () => {
  it('derives once for each key object, and again for a new object with the same contents', () => {
    let calls = 0;
    const length = oncePerObject((list: string[]) => (calls++, list.length));
    const list = ['a', 'b'];
    expect([length(list), length(list)]).toEqual([2, 2]);
    expect(calls).toBe(1);
    expect(length(['a', 'b'])).toBe(2);
    expect(calls).toBe(2);
  });

  it('keeps an undefined answer rather than deriving it again', () => {
    let calls = 0;
    const first = oncePerObject((list: string[]) => (calls++, list[0]));
    const empty: string[] = [];
    first(empty);
    first(empty);
    expect(calls).toBe(1);
  });
});

describe('renderedOnce', () => {
  it('gives the markup the element renders, escaped, and renders it once per key', async () => {
    let renders = 0;
    const Names: FC<{ names: string[] }> = ({ names }) => (renders++, <ul>{names.map((n) => <li>{n}</li>)}</ul>);
    const list = renderedOnce((names: string[]) => <Names names={names} />);
    const names = ['Ada', '<Bob>'];
    expect(String(list(names))).toBe(String(await (<Names names={names} />)));
    expect(String(list(names))).toBe('<ul><li>Ada</li><li>&lt;Bob&gt;</li></ul>');
    expect(renders).toBe(2);
  });

  it('places the kept markup in another element as it is, not escaped again', async () => {
    const bold = renderedOnce((word: { text: string }) => <b>{word.text}</b>);
    expect(String(await (<p>{bold({ text: 'a & b' })}</p>))).toBe('<p><b>a &amp; b</b></p>');
  });

  it('refuses an element with an async component, which cannot be kept as markup', () => {
    const Later: FC = async () => <i>later</i>;
    expect(() => renderedOnce(() => <Later />)({})).toThrow(/asynchronously/);
  });
});
