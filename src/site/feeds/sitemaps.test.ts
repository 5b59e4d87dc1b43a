import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { frontsSitemapName, monthSitemapName, parseFrontsSitemapName, parseMonthSitemapName, sitemapIndex } from './sitemaps.js';

describe('month sitemap names', () => {
  it('round-trip a month and page', () => {
    expect(monthSitemapName('2022/01', 1)).toBe('articles-2022-01.xml');
    expect(monthSitemapName('2022/01', 3)).toBe('articles-2022-01-p3.xml');
    expect(parseMonthSitemapName('articles-2022-01.xml')).toEqual({ month: '2022/01', page: 1 });
    expect(parseMonthSitemapName('articles-2022-01-p3.xml')).toEqual({ month: '2022/01', page: 3 });
  });

  it('refuse anything else, so a URL never reaches a query unchecked', () => {
    for (const name of ['articles-2022-13.xml', 'articles-2022-00.xml', 'articles-2022-01-p1.xml', 'articles-2022-01-p0.xml', 'articles-22-01.xml', 'articles-2022-01.xml.gz', '../x.xml']) {
      expect(parseMonthSitemapName(name), name).toBeUndefined();
    }
  });
});

describe('fronts sitemap names', () => {
  it('round-trip a page and refuse anything else', () => {
    expect(frontsSitemapName(1)).toBe('fronts.xml');
    expect(frontsSitemapName(2)).toBe('fronts-p2.xml');
    expect(parseFrontsSitemapName('fronts.xml')).toBe(1);
    expect(parseFrontsSitemapName('fronts-p2.xml')).toBe(2);
    for (const name of ['fronts-p1.xml', 'fronts-p0.xml', 'fronts.xml.gz', 'front.xml']) expect(parseFrontsSitemapName(name), name).toBeUndefined();
  });
});

describe('sitemap index', () => {
  it('lists the fronts, then a child per month, split where the fronts or a month outgrow a file', async () => {
    const xml = await sitemapIndex('https://example.org', {
      months: [
        { month: '1926/05', count: 3, changedAt: '1926-05-30T00:00:00.000Z' },
        { month: '1926/06', count: 5, changedAt: '1926-06-30T00:00:00.000Z' },
      ],
      frontCount: 3,
      perFile: 2,
    });
    const doc = new XMLParser({ isArray: (n) => n === 'sitemap' }).parse(xml);
    expect(doc.sitemapindex.sitemap.map((s: { loc: string }) => s.loc.replace('https://example.org/sitemaps/', ''))).toEqual([
      'fronts.xml',
      'fronts-p2.xml',
      'articles-1926-05.xml',
      'articles-1926-05-p2.xml',
      'articles-1926-06.xml',
      'articles-1926-06-p2.xml',
      'articles-1926-06-p3.xml',
    ]);
    expect(doc.sitemapindex.sitemap[2].lastmod).toBe('1926-05-30T00:00:00.000Z');
  });
});
