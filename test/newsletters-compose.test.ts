import { beforeAll, expect, it } from 'vitest';
import { composeIssue } from '../src/newsletters/compose.js';
import type { Newsletter } from '../src/newsletters/catalogue.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

describeEachDatabase('composing issues from each kind of rule', (fixture) => {
  const deps = () => ({ articles: fixture().services.articles, taxonomy: fixture().services.taxonomy, timeZone: 'Europe/London', usedSourceKeys: new Set<string>() });
  const newsletter = async (slug: string, rule: Newsletter['rule']) =>
    fixture().services.newsletters.add({ slug, name: `List ${slug}`, cadence: null, rule });
  const window = { since: '2026-01-05T07:00:00.000Z', until: '2026-01-12T07:00:00.000Z' };

  beforeAll(async () => {
    const services = fixture().services;
    await seedNewsroom(services);
    await publishedArticle(services, { headline: 'World this week', section: 'world', topics: [] }, { publishedAt: '2026-01-08T09:00:00.000Z' });
    await publishedArticle(services, { headline: 'Elections piece', section: 'politics', topics: ['elections'] }, { publishedAt: '2026-01-09T09:00:00.000Z' });
    await publishedArticle(services, { headline: 'Before the window', section: 'world' }, { publishedAt: '2026-01-01T09:00:00.000Z' });
    await publishedArticle(services, { headline: 'In print', section: 'world', printIssue: 42 }, { publishedAt: '2026-01-09T08:00:00.000Z' });
    await publishedArticle(services, { headline: 'Same week in 2016', section: 'world' }, { publishedAt: '2016-01-11T09:00:00.000Z' });
    await publishedArticle(services, { headline: 'Same week in 2020', section: 'politics' }, { publishedAt: '2020-01-13T09:00:00.000Z' });
    await publishedArticle(services, { headline: 'Wrong week in 2020', section: 'politics' }, { publishedAt: '2020-03-13T09:00:00.000Z' });
  });

  it('latest: what was published since the last issue in the chosen sections or topics', async () => {
    const bySection = await composeIssue(await newsletter('by-section', { kind: 'latest', sections: ['world'] }), window, deps());
    expect(bySection!.items.map((i) => i.headline)).toEqual(['In print', 'World this week']);
    expect(bySection!.subject).toBe('List by-section: In print');
    const byTopic = await composeIssue(await newsletter('by-topic', { kind: 'latest', topics: ['elections'] }), window, deps());
    expect(byTopic!.items.map((i) => i.headline)).toEqual(['Elections piece']);
    expect(byTopic!.items[0]!.path).toMatch(/^\/politics\/2026\/01\//);
    const empty = await composeIssue(await newsletter('quiet', { kind: 'latest', sections: ['world'] }), { since: '2026-02-01T00:00:00.000Z', until: '2026-02-08T00:00:00.000Z' }, deps());
    expect(empty).toBeUndefined();
  });

  it('print-issue: the latest edition once, never the same edition twice', async () => {
    const list = await newsletter('print', { kind: 'print-issue' });
    const draft = await composeIssue(list, window, deps());
    expect(draft!.subject).toBe('List print — No. 42: The year ahead');
    expect(draft!.items.map((i) => i.headline)).toEqual(['In print']);
    expect(await composeIssue(list, window, { ...deps(), usedSourceKeys: new Set([draft!.sourceKey!]) })).toBeUndefined();
  });

  it('archive: one piece from the same week of each past year', async () => {
    const draft = await composeIssue(await newsletter('vault', { kind: 'archive' }), window, deps());
    expect(draft!.items.map((i) => [i.headline, i.kicker])).toEqual([
      ['Same week in 2020', 'From 2020'],
      ['Same week in 2016', 'From 2016'],
    ]);
  });

  it('manual: never composes on its own', async () => {
    expect(await composeIssue(await newsletter('by-hand', { kind: 'manual' }), window, deps())).toBeUndefined();
  });
});
