import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Actor } from '../src/content/article-policy.js';
import { b } from '../src/content/blocks.js';
import { editorialService } from '../src/content/editorial.js';
import { authorizeArticle } from '../src/content/article-policy.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import type { Services } from '../src/services.js';
import { adminTestConfig } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, publishedArticle, seedNewsroom } from './support/fixtures.js';

const editor: Actor = { id: 1, role: 'editor', author_id: null };

describeEachDatabase('corrections', (fixture) => {
  let services: Services;
  let cache: RenderCache;
  let app: ReturnType<typeof createApp>;
  /** Editorial with a clock, so each note carries a day of the test's choosing. */
  const noteOn = async (id: number, day: string, kind: 'correction' | 'update', text: string) => {
    const editorial = editorialService(services.database.db, services.articles, { authorize: authorizeArticle, timeZone: 'Europe/London', now: () => new Date(`${day}T10:00:00Z`) });
    const article = (await services.articles.get(id))!;
    return editorial.addNote(editor, id, { kind, text }, article.version);
  };

  beforeAll(async () => {
    services = fixture().services;
    await seedNewsroom(services);
    cache = new RenderCache();
    app = createApp({ services, config: adminTestConfig, renderCache: cache });
  });

  it('lists every correction and update on published articles, newest first, each linked to its article', async () => {
    const first = await publishedArticle(services, { headline: 'Budget vote delayed' });
    const second = await publishedArticle(services, { headline: 'Harbour reopens' });
    const draft = await services.articles.create(articleInput({ headline: 'Unpublished draft', body: [b.p('Text.'), { type: 'note', kind: 'correction', date: '2026-02-10', text: 'Draft note' }] }));
    await noteOn(first.id, '2026-02-01', 'correction', 'An earlier version gave the wrong date for the vote.');
    await noteOn(second.id, '2026-02-03', 'update', 'The harbour master has since resigned.');
    await noteOn(first.id, '2026-02-05', 'correction', 'The minister’s name was misspelt.');

    const res = await app.request('/corrections');
    expect(res.status).toBe(200);
    const html = await res.text();
    const order = ['The minister’s name was misspelt.', 'The harbour master has since resigned.', 'An earlier version gave the wrong date for the vote.'].map((t) => html.indexOf(t));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(html).toContain(`<a href="${first.path}">Budget vote delayed</a>`);
    expect(html).toContain(`<a href="${second.path}">Harbour reopens</a>`);
    expect(html).toContain('<time datetime="2026-02-05">5 February 2026</time>');
    expect(html).toContain('Update, ');
    expect(html).not.toContain('Draft note');
    expect(draft.status).toBe('draft');
  });

  it('is render-cached, and a new note or a removed one drops the page', async () => {
    const article = await publishedArticle(services, { headline: 'Council tax rises' });
    await app.request('/corrections');
    expect((await app.request('/corrections')).headers.get('surrogate-key')).toContain('list:corrections');
    await noteOn(article.id, '2026-02-06', 'correction', 'The rise is 4.9%, not 5.9%.');
    await cache.settled();
    expect(await (await app.request('/corrections')).text()).toContain('The rise is 4.9%, not 5.9%.');
    // Editing the note out of the body takes it off the page.
    const noted = (await services.articles.get(article.id))!;
    await services.articles.update(article.id, { body: noted.body.filter((block) => block.type !== 'note') });
    await cache.settled();
    expect(await (await app.request('/corrections')).text()).not.toContain('The rise is 4.9%');
  });

  it('puts each correction in the article’s JSON-LD as a CorrectionComment', async () => {
    const article = await publishedArticle(services, { headline: 'Bridge closure' });
    await noteOn(article.id, '2026-02-07', 'correction', 'The bridge closes on Friday, not Thursday.');
    await noteOn(article.id, '2026-02-08', 'update', 'The closure has been postponed.');
    const html = await (await app.request(article.path)).text();
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
    const graph = JSON.parse(json!) as { '@graph': Array<{ '@type': string; correction?: unknown }> };
    const news = graph['@graph'].find((node) => node['@type'] === 'NewsArticle');
    expect(news?.correction).toEqual([{ '@type': 'CorrectionComment', text: 'The bridge closes on Friday, not Thursday.', datePublished: '2026-02-07' }]);
  });
});
