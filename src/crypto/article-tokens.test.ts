import { describe, expect, it } from 'vitest';
import { articleTokens } from './article-tokens.js';

const secret = 'a secret key long enough for the test to sign with';
const always = () => true;

describe('article tokens', () => {
  const tokens = articleTokens(secret, 'test:one-use');

  it('read back the holder and stamp of a token made for the same article', () => {
    const token = tokens.make(42, 9001, '2026-12');
    expect(token).toMatch(/^6y1\.2026-12\.[\w-]{22}$/);
    expect(tokens.read(token, 42, always)).toEqual({ holderId: 9001, stamp: '2026-12' });
  });

  it('open nothing for another article, another purpose, a refused stamp, or an altered token', () => {
    const token = tokens.make(42, 9, 'kq');
    expect(tokens.read(token, 43, always)).toBeUndefined();
    expect(articleTokens(secret, 'test:other-use').read(token, 42, always)).toBeUndefined();
    expect(tokens.read(token, 42, (stamp) => stamp !== 'kq')).toBeUndefined();
    const [holder, stamp, signature] = token.split('.') as [string, string, string];
    for (const altered of [`a.${stamp}.${signature}`, `${holder}.kr.${signature}`, `${holder}.${stamp}.${signature.slice(0, -2)}`, `${token}.x`, '', undefined, 'x'.repeat(101)]) {
      expect(tokens.read(altered, 42, always), String(altered)).toBeUndefined();
    }
  });
});
