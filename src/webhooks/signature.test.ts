import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, verifySignature } from './signature.js';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = '{"event":"article.published","data":{"id":7}}';
  const at = new Date('2026-01-07T09:00:00Z');

  it('signs "t.body" with HMAC-SHA256 as documented, so any HMAC library can check it', () => {
    const header = signatureHeader(secret, body, at);
    const t = at.getTime() / 1000;
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  it('verifies its own signature and refuses a tampered body, another secret, or an old timestamp', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, body, header, at)).toBe(true);
    expect(verifySignature(secret, body.replace('7', '8'), header, at)).toBe(false);
    expect(verifySignature(newWebhookSecret(), body, header, at)).toBe(false);
    expect(verifySignature(secret, body, header, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature(secret, body, 't=abc,v1=zz', at)).toBe(false);
    expect(verifySignature(secret, body, undefined, at)).toBe(false);
  });
});
