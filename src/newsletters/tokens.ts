import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

/** What a signed link lets its holder do. */
export type TokenPurpose = 'confirm' | 'preferences' | 'unsubscribe';

const prefix: Record<TokenPurpose, string> = { confirm: 'c', preferences: 'p', unsubscribe: 'u' };
const purposeOf = new Map(Object.entries(prefix).map(([purpose, p]) => [p, purpose as TokenPurpose]));

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriberId: number;
  /** Purpose-specific, URL-safe: newsletter ids for confirm/unsubscribe. */
  data: string;
}

/**
 * Signs and checks the tokens in emailed links. A token is `<p><id>.<data>.<mac>`,
 * all URL-safe characters, so it can be pasted into HTML and headers as it is.
 * Links in old emails stay valid as long as SECRET_KEY does.
 *
 * @example const t = linkTokens(key); t.verify(t.sign({ purpose: 'preferences', subscriberId: 7, data: '' }))
 */
export function linkTokens(secretKey: string) {
  // A key object once, rather than the key string on every one of a send's HMACs.
  const key = createSecretKey(Buffer.from(secretKey));
  const mac = (body: string) => createHmac('sha256', key).update(body).digest('base64url').slice(0, 27);
  return {
    sign({ purpose, subscriberId, data }: TokenClaims): string {
      if (!/^[A-Za-z0-9_~-]*$/.test(data)) throw new Error(`token data must be URL-safe: ${data}`);
      const body = `${prefix[purpose]}${subscriberId.toString(36)}.${data}`;
      return `${body}.${mac(body)}`;
    },

    /** The bearer token a mail provider's bounce and complaint webhook must present. */
    webhookToken: () => createHmac('sha256', secretKey).update('bounce-webhook').digest('base64url'),

    /** Compares a presented webhook token in constant time. */
    checkWebhookToken(presented: string): boolean {
      const wanted = Buffer.from(createHmac('sha256', secretKey).update('bounce-webhook').digest('base64url'));
      const given = Buffer.from(presented);
      return given.length === wanted.length && timingSafeEqual(given, wanted);
    },

    /** The claims of a genuine token, or undefined for anything forged, cut or malformed. */
    verify(token: string, expected?: TokenPurpose): TokenClaims | undefined {
      const match = /^([cpu])([0-9a-z]{1,12})\.([A-Za-z0-9_~-]*)\.([A-Za-z0-9_-]{27})$/.exec(token);
      if (!match) return undefined;
      const [, p, id, data, given] = match;
      const wanted = Buffer.from(mac(`${p}${id}.${data}`));
      if (!timingSafeEqual(wanted, Buffer.from(given!))) return undefined;
      const purpose = purposeOf.get(p!)!;
      if (expected && purpose !== expected) return undefined;
      return { purpose, subscriberId: Number.parseInt(id!, 36), data: data! };
    },
  };
}

export type LinkTokens = ReturnType<typeof linkTokens>;
