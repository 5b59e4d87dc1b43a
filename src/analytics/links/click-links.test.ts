import { describe, expect, it } from 'vitest';
import { clickLinks, withTrackedLinks } from './click-links.js';

const links = clickLinks('s'.repeat(40));
const site = 'https://news.example';
const parts = (tracked: string) => {
  const url = new URL(tracked);
  const [, , issue, signature] = url.pathname.split('/');
  return { issue: issue!, signature: signature!, target: url.searchParams.get('u')! };
};

describe('signed newsletter click links', () => {
  it('signs an http(s) destination for one issue and reads it back', () => {
    const tracked = links.url(site, 7, 'https://example.org/a?b=1&c=2');
    expect(tracked).toMatch(/^https:\/\/news\.example\/r\/7\/[A-Za-z0-9_-]{22}\?u=https%3A%2F%2Fexample\.org%2Fa%3Fb%3D1%26c%3D2$/);
    const { issue, signature, target } = parts(tracked);
    expect(links.read(issue, signature, target)).toEqual({ issueId: 7, url: 'https://example.org/a?b=1&c=2', to: 'https://example.org/a?b=1&c=2' });
  });

  it('refuses another destination, another issue, another secret, and anything but http(s)', () => {
    const { issue, signature, target } = parts(links.url(site, 7, 'https://example.org/a'));
    expect(links.read(issue, signature, 'https://evil.example/')).toBeUndefined();
    expect(links.read('8', signature, target)).toBeUndefined();
    expect(clickLinks('t'.repeat(40)).read(issue, signature, target)).toBeUndefined();
    expect(links.read(issue, signature, undefined)).toBeUndefined();
    expect(links.read(issue, 'short', target)).toBeUndefined();
    expect(links.url(site, 7, 'javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(links.url(site, 7, 'mailto:a@example.org')).toBe('mailto:a@example.org');
  });

  it("puts a members' issue reader's token back on the link it was signed to take one, and only there", () => {
    const tracked = new URL(links.url(site, 7, `${site}/world/2026/01/a#top`, '{{article_link_a}}'));
    expect(tracked.searchParams.get('g')).toBe('{{article_link_a}}');
    const [, , issue, signature] = tracked.pathname.split('/');
    const target = tracked.searchParams.get('u')!;
    expect(links.read(issue!, signature!, target, '3.k2.abc_-DEF')).toEqual({ issueId: 7, url: `${site}/world/2026/01/a#top`, to: `${site}/world/2026/01/a?gift=3.k2.abc_-DEF#top` });
    // Without its token, with one that is no token, or another link given a token: refused.
    expect(links.read(issue!, signature!, target)).toBeUndefined();
    expect(links.read(issue!, signature!, target, 'x&u=https://evil.example/')).toBeUndefined();
    const plain = parts(links.url(site, 7, `${site}/world/2026/01/a`));
    expect(links.read(plain.issue, plain.signature, plain.target, '3.k2.abc')).toBeUndefined();
    expect(links.read(issue!, signature!, 'https://evil.example/', '3.k2.abc')).toBeUndefined();
  });

  it('wraps every link of an issue but the per-recipient ones (a members\' issue\'s article links included)', () => {
    const issue = {
      id: 3,
      html: '<a href="https://news.example/world/2026/01/a?x=1&amp;y=2">A</a> <a href="{{unsubscribe_url}}">Unsubscribe</a> <a href="https://news.example/x?gift={{article_link_a}}">B</a> <a href="mailto:ed@example.org">Mail</a>',
      text: '* A\n  https://news.example/world/2026/01/a\nUnsubscribe: {{unsubscribe_url}}\n  https://news.example/x?gift={{article_link_a}}\n',
    };
    const tracked = withTrackedLinks(issue, links, site);
    const hrefs = [...tracked.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(parts(hrefs[0]!).target).toBe('https://news.example/world/2026/01/a?x=1&y=2');
    expect(hrefs[1]).toBe('{{unsubscribe_url}}');
    // A members' issue's article link is wrapped, its reader's token placeholder riding along for the sender to fill.
    expect(hrefs[2]).toBe(links.url(site, 3, 'https://news.example/x', '{{article_link_a}}'));
    expect(hrefs[3]).toBe('mailto:ed@example.org');
    expect(tracked.text).toContain(`  ${links.url(site, 3, 'https://news.example/world/2026/01/a')}\n`);
    expect(tracked.text).toContain('Unsubscribe: {{unsubscribe_url}}');
    expect(tracked.text).toContain(`  ${links.url(site, 3, 'https://news.example/x', '{{article_link_a}}')}\n`);
  });
});
