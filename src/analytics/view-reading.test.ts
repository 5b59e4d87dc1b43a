import { describe, expect, it } from 'vitest';
import { memo, readAgent, readPage, sameHost, visitorIds, visitorId } from './view-reading.js';

describe('reading a view once per distinct header value', () => {
  it('remembers each value read, and forgets all at once when full, never answering one key with another', () => {
    const reads: string[] = [];
    const upper = memo(2, (key) => (reads.push(key), key.toUpperCase()));
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(reads).toEqual(['a', 'b']);
    expect(upper('c')).toBe('C');
    expect(upper('a')).toBe('A');
    expect(reads).toEqual(['a', 'b', 'c', 'a']);
  });

  it('reads bots, devices, pages with their UTM source, and the request host in any case', () => {
    expect(readAgent('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBeNull();
    expect(readAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148')?.device).toBe(1);
    expect(readPage('/world/2026/11/strike?utm_source=Mail&utm_medium=Email&utm_campaign=Morning&q=x')).toEqual({
      kind: 'article',
      path: '/world/2026/11/strike',
      utmSource: 'mail',
      utmMedium: 'email',
      utmCampaign: 'Morning',
      utmKey: 'mail\0email\0Morning',
    });
    expect(readPage('/admin/articles')).toBeNull();
    expect(sameHost('news.example:8080', 'News.Example:8080')).toBe(true);
    expect(sameHost('news.example', 'other.example')).toBe(false);
  });

  it("hashes a visitor once per salt, and a new salt gives everyone a new id", () => {
    const ids = visitorIds();
    const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
    const monday = ids('salt-1', '203.0.113.9', ua);
    expect(monday).toBe(visitorId('salt-1', '203.0.113.9', ua));
    expect(ids('salt-1', '203.0.113.9', ua)).toBe(monday);
    expect(ids('salt-1', '203.0.113.10', ua)).not.toBe(monday);
    expect(ids('salt-2', '203.0.113.9', ua)).not.toBe(monday);
  });
});
