import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { articleInput, publishedArticle, seedNewsroom } from '../../test/support/fixtures.js';
import { b } from './blocks.js';

describeEachDatabase('article service', (fixture) => {
  beforeAll(async () => {
    await seedNewsroom(fixture().services);
  });

  const articleCount = () => fixture().services.articles.count();

  it('creates a draft with ordered authors and topics and reads it back', async () => {
    const { articles } = fixture().services;
    const created = await articles.create(articleInput({ authors: ['ben-writer', 'ada-reporter'], topics: ['elections', 'russia'], printIssue: 42 }));
    const read = await articles.get(created.id);
    expect(read?.status).toBe('draft');
    expect(read?.authors.map((a) => a.slug)).toEqual(['ben-writer', 'ada-reporter']);
    expect(read?.topics.map((t) => t.slug)).toEqual(['elections', 'russia']);
    expect(read?.printIssue?.number).toBe(42);
    expect(read?.body).toEqual([b.p('First paragraph.'), b.p('Second paragraph.')]);
  });

  it('puts a published article at /section/yyyy/mm/slug in the publication time zone', async () => {
    // 23:30 UTC on 30 June is already July in London (BST), so the URL says 07.
    const a = await publishedArticle(fixture().services, { slug: 'late-night' }, { publishedAt: '2026-06-30T23:30:00.000Z' });
    expect(a.path).toBe('/world/2026/07/late-night');
    const found = await fixture().services.articles.findPublished('world', '2026', '07', 'late-night');
    expect(found?.id).toBe(a.id);
  });

  it('finds a published article by URL with its authors and topics in order, and its related articles with their bylines, most shared first', async () => {
    const { articles, taxonomy } = fixture().services;
    // Topics of this test's own, so that the other tests' articles are not related.
    await taxonomy.upsertTopic({ slug: 'harbours', name: 'Harbours' });
    await taxonomy.upsertTopic({ slug: 'shipping', name: 'Shipping' });
    const found = await publishedArticle(fixture().services, { slug: 'found-by-url', authors: ['ben-writer', 'ada-reporter'], topics: ['shipping', 'harbours'] }, { publishedAt: '2026-03-10T09:00:00.000Z' });
    const sharesOne = await publishedArticle(fixture().services, { slug: 'shares-one', authors: ['ada-reporter'], topics: ['shipping'] }, { publishedAt: '2026-03-12T09:00:00.000Z' });
    const sharesTwo = await publishedArticle(fixture().services, { slug: 'shares-two', authors: ['ben-writer', 'ada-reporter'], topics: ['harbours', 'shipping'] }, { publishedAt: '2026-03-01T09:00:00.000Z' });
    // A draft in the same month with the same topics: neither found by its URL (not published) nor related.
    await articles.create(articleInput({ slug: 'draft-alike', authors: ['ada-reporter'], topics: ['shipping', 'harbours'] }));

    const read = (await articles.findPublished('world', '2026', '03', 'found-by-url'))!;
    expect(read.id).toBe(found.id);
    expect(read.authors.map((a) => a.slug)).toEqual(['ben-writer', 'ada-reporter']);
    expect(read.topics.map((t) => t.slug)).toEqual(['shipping', 'harbours']);
    expect(await articles.findPublished('world', '2026', '03', 'draft-alike')).toBeUndefined();

    const related = await articles.related(read, 4);
    expect(related.map((r) => r.id)).toEqual([sharesTwo.id, sharesOne.id]);
    expect(related.map((r) => r.authors.map((a) => a.slug))).toEqual([['ben-writer', 'ada-reporter'], ['ada-reporter']]);
  });

  it('refuses a duplicate slug in the same section and month, writing nothing', async () => {
    const { articles } = fixture().services;
    await publishedArticle(fixture().services, { slug: 'taken' });
    const before = await articleCount();
    await expect(publishedArticle(fixture().services, { slug: 'taken', headline: 'Another' })).rejects.toThrow(
      'The slug "taken" is already used by another article at /world/2026/01/taken',
    );
    expect(await articleCount()).toBe(before);
    // The same slug in another month or section is fine.
    await publishedArticle(fixture().services, { slug: 'taken' }, { publishedAt: '2026-02-03T09:00:00.000Z' });
    await publishedArticle(fixture().services, { slug: 'taken', section: 'politics' });
    expect(await articles.count()).toBe(before + 2);
  });

  it('rejects malformed body blocks, naming the block and field, and writes nothing', async () => {
    const before = await articleCount();
    const bad = articleInput({ body: [b.p('fine'), { type: 'heading', level: 7, text: 'x' } as never, { type: 'video' } as never] });
    await expect(fixture().services.articles.create(bad)).rejects.toThrow(/body\.1\.level/);
    await expect(fixture().services.articles.create(articleInput({ body: [{ type: 'video' } as never] }))).rejects.toThrow(/body\.0\.type/);
    expect(await articleCount()).toBe(before);
  });

  it('names unknown sections, authors and topics', async () => {
    await expect(fixture().services.articles.create(articleInput({ section: 'nowhere', authors: ['ghost'] }))).rejects.toThrow(
      /section: no section "nowhere".*authors\.0: no author "ghost"/,
    );
  });

  it('enforces the workflow and changes nothing on a forbidden move', async () => {
    const { articles } = fixture().services;
    const draft = await articles.create(articleInput());
    await expect(articles.unpublish(draft.id)).rejects.toThrow('An article cannot go from "draft" to "unpublished"');
    expect((await articles.get(draft.id))?.status).toBe('draft');

    await articles.submitForReview(draft.id);
    const live = await articles.publish(draft.id);
    expect(live.status).toBe('published');
    expect(live.firstPublishedAt).not.toBeNull();
    await expect(articles.returnToDraft(draft.id)).rejects.toThrow('"published" to "draft"');
    const after = await articles.get(draft.id);
    expect(after?.status).toBe('published');
    expect(after?.version).toBe(live.version);

    await articles.unpublish(draft.id);
    expect((await articles.listPublished({ limit: 1000 })).map((a) => a.id)).not.toContain(draft.id);
  });

  it('writes a revision for every save of a published article', async () => {
    const { articles } = fixture().services;
    const a = await publishedArticle(fixture().services);
    await articles.update(a.id, { headline: 'Corrected headline' });
    await articles.update(a.id, { standfirst: 'A better standfirst.' });
    const revisions = await articles.revisions(a.id);
    expect(revisions).toHaveLength(3);
    expect(JSON.parse(revisions[0].snapshot)).toMatchObject({ headline: 'Corrected headline', standfirst: 'A better standfirst.' });
    expect(JSON.parse(revisions[2].snapshot).headline).toBe(a.headline);

    const draft = await articles.create(articleInput());
    await articles.update(draft.id, { headline: 'Still a draft' });
    expect(await articles.revisions(draft.id)).toHaveLength(0);
  });

  it('leaves a 301 from the old URL when a published slug changes', async () => {
    const { articles } = fixture().services;
    const a = await publishedArticle(fixture().services, { slug: 'first-name' });
    const renamed = await articles.update(a.id, { slug: 'second-name' });
    expect(renamed.path).toBe('/world/2026/01/second-name');
    expect(await articles.redirectFor('/world/2026/01/first-name')).toBe('/world/2026/01/second-name');
    const again = await articles.update(a.id, { slug: 'third-name' });
    expect(await articles.redirectFor('/world/2026/01/first-name')).toBe(again.path);
    expect(await articles.findPublished('world', '2026', '01', 'first-name')).toBeUndefined();
  });

  it('turns a stale save into a conflict instead of overwriting', async () => {
    const { articles } = fixture().services;
    const a = await articles.create(articleInput());
    await articles.update(a.id, { headline: 'Alice saves first' }, { expectedVersion: a.version });
    await expect(articles.update(a.id, { headline: 'Bob overwrites' }, { expectedVersion: a.version })).rejects.toThrow(/changed by someone else/);
    expect((await articles.get(a.id))?.headline).toBe('Alice saves first');
  });

  it('publishes scheduled articles when their time comes', async () => {
    const { articles } = fixture().services;
    const a = await articles.create(articleInput());
    await expect(articles.schedule(a.id, '2001-01-01T00:00:00Z')).rejects.toThrow(/must be in the future/);
    const soon = new Date(Date.now() + 1500).toISOString();
    await articles.schedule(a.id, soon);
    expect(await articles.publishDue()).toBe(0);
    await new Promise((r) => setTimeout(r, 1600));
    expect(await articles.publishDue()).toBeGreaterThanOrEqual(1);
    const live = await articles.get(a.id);
    expect(live?.status).toBe('published');
    expect(live?.publishedAt).toBe(soon);
  });

  it('lists published articles by section, author, topic and print issue', async () => {
    const { articles } = fixture().services;
    const a = await publishedArticle(fixture().services, { section: 'politics', authors: ['ben-writer'], topics: ['elections'], printIssue: 42 });
    expect((await articles.listPublished({ sectionSlug: 'politics', limit: 100 })).map((x) => x.id)).toContain(a.id);
    expect((await articles.listPublished({ authorSlug: 'ben-writer', limit: 100 })).map((x) => x.id)).toContain(a.id);
    expect((await articles.listPublished({ topicSlug: 'elections', limit: 100 })).map((x) => x.id)).toContain(a.id);
    expect((await articles.listPublished({ printIssueNumber: 42, limit: 100 })).map((x) => x.id)).toContain(a.id);
    expect((await articles.listPublished({ authorSlug: 'ada-reporter', limit: 100 })).map((x) => x.id)).not.toContain(a.id);
  });

  it('reads the teasers a ranked query places, with their bylines, an article as often as it is placed, drafts left out', async () => {
    const { articles, database } = fixture().services;
    const { db } = database;
    const first = await publishedArticle(fixture().services, { slug: 'placed-first', authors: ['ben-writer', 'ada-reporter'] });
    const second = await publishedArticle(fixture().services, { slug: 'placed-second' });
    const draft = await articles.create(articleInput({ slug: 'placed-draft' }));
    const at = (id: number, place: number) => db.selectFrom('articles').select(['articles.id', sql<number>`${sql.lit(place)}`.as('place')]).where('articles.id', '=', id);
    const ranked = at(second.id, 1).unionAll(at(draft.id, 2)).unionAll(at(first.id, 3)).unionAll(at(second.id, 1001));
    const placed = await articles.inPlace(articles.publishedInPlaceQuery(ranked).compile());
    expect(placed.map((p) => [p.place, p.article.slug])).toEqual([
      [1, 'placed-second'],
      [3, 'placed-first'],
      [1001, 'placed-second'],
    ]);
    expect(placed[1]!.article.authors.map((a) => a.slug)).toEqual(['ben-writer', 'ada-reporter']);
    expect(placed[1]!.article).toEqual((await articles.publishedSummaries([first.id]))[0]);
  });
});
