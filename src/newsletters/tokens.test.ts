import { describe, expect, it } from 'vitest';
import { linkTokens } from './tokens.js';

const tokens = linkTokens('k'.repeat(32));

describe('link tokens', () => {
  it('round-trips the claims of a signed token', () => {
    const token = tokens.sign({ purpose: 'unsubscribe', subscriberId: 123456, data: '4' });
    expect(token).toMatch(/^[A-Za-z0-9._~-]+$/);
    expect(tokens.verify(token)).toEqual({ purpose: 'unsubscribe', subscriberId: 123456, data: '4' });
  });

  it('refuses a token whose id, data or signature was changed', () => {
    const token = tokens.sign({ purpose: 'confirm', subscriberId: 5, data: '1-2' });
    expect(tokens.verify(token.replace('c5.', 'c6.'))).toBeUndefined();
    expect(tokens.verify(token.replace('.1-2.', '.1-3.'))).toBeUndefined();
    expect(tokens.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(tokens.verify('nonsense')).toBeUndefined();
  });

  it('refuses a token signed with another key or used for another purpose', () => {
    const token = tokens.sign({ purpose: 'preferences', subscriberId: 9, data: '' });
    expect(linkTokens('x'.repeat(32)).verify(token)).toBeUndefined();
    expect(tokens.verify(token, 'unsubscribe')).toBeUndefined();
    expect(tokens.verify(token, 'preferences')?.subscriberId).toBe(9);
  });
});
