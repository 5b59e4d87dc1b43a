import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { articleInput, publishedArticle, seedNewsroom } from '../../test/support/fixtures.js';

describeEachDatabase('archive counts', (fixture) => {
  beforeAll(async () => {
    await seedNewsroom(fixture().services);
  });

  /** The truth the trigger-kept table must match: a GROUP BY over every published article. */
  async function counted() {
    const rows = await fixture()
      .database.db.selectFrom('articles')
      .select((eb) => ['url_month', eb.fn.countAll<number | string>().as('n')])
      .where('status', '=', 'published')
      .groupBy('url_month')
      .orderBy('url_month')
      .execute();
    return rows.map((r) => ({ month: r.url_month, count: Number(r.n) }));
  }
  const kept = async () => (await fixture().services.archive.months()).map(({ month, count }) => ({ month, count }));

  it('follows publishing, editing, unpublishing, republishing and deleting', async () => {
    const { services, database } = fixture();
    const a = await publishedArticle(services, {}, { publishedAt: '1931-02-03T10:00:00.000Z' });
    await publishedArticle(services, {}, { publishedAt: '1931-02-20T10:00:00.000Z' });
    const c = await publishedArticle(services, {}, { publishedAt: '1931-03-01T10:00:00.000Z' });
    await services.articles.create(articleInput(), { status: 'draft' });
    expect(await kept()).toEqual([
      { month: '1931/02', count: 2 },
      { month: '1931/03', count: 1 },
    ]);

    await services.articles.update(a.id, { headline: 'Edited' }, { at: '2026-05-01T00:00:00.000Z' });
    expect(await kept()).toEqual(await counted());
    expect((await services.archive.months())[0]!.changedAt).toBe('2026-05-01T00:00:00.000Z');

    await services.articles.unpublish(c.id);
    expect(await kept()).toEqual([{ month: '1931/02', count: 2 }]);
    expect(await services.archive.countMonth('1931/03')).toBe(0);

    await services.articles.publish(c.id);
    expect(await kept()).toEqual(await counted());
    expect(await services.archive.countMonth('1931/03')).toBe(1);

    await database.db.deleteFrom('articles').where('id', '=', a.id).execute();
    expect(await kept()).toEqual(await counted());
    expect(await services.archive.countMonth('1931/02')).toBe(1);
  });

  it('counts a draft in the month it is first published, not the month it was written', async () => {
    const { services } = fixture();
    const draft = await services.articles.create(articleInput(), { status: 'draft' });
    const before = await kept();
    await services.articles.publish(draft.id, '1935-07-04T12:00:00.000Z');
    expect(await kept()).toEqual(await counted());
    expect((await kept()).length).toBe(before.length + 1);
    expect(await services.archive.monthsOfYear('1935')).toEqual([expect.objectContaining({ month: '1935/07', count: 1 })]);
  });

  it('groups months into years and lists a month’s URLs in publication order', async () => {
    const { services } = fixture();
    const years = await services.archive.years();
    expect(years.map((y) => y.year)).toEqual(['1931', '1935']);
    expect(years[0]!.count).toBe(2);
    const urls = await services.archive.articleUrls('1931/02', 10);
    expect(urls).toHaveLength(1);
    expect(urls[0]!.path).toMatch(/^\/world\/1931\/02\//);
  });
});
