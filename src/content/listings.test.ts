import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { articleInput, publishedArticle, seedNewsroom } from '../../test/support/fixtures.js';

describeEachDatabase('topic and author listings', (fixture) => {
  let russia = 0;
  let elections = 0;
  let ada = 0;

  beforeAll(async () => {
    const newsroom = await seedNewsroom(fixture().services);
    [russia, elections] = newsroom.topics.map((t) => t.id) as [number, number];
    ada = newsroom.authors[0]!.id;
  });

  it('follows publishing, unpublishing, retagging and suggested topics', async () => {
    const { services } = fixture();
    const { listings, articles } = services;
    const a = await publishedArticle(services, { topics: ['russia'] }, { publishedAt: '2026-01-01T09:00:00.000Z' });
    const b = await publishedArticle(services, { topics: [], suggestedTopics: ['russia'] }, { publishedAt: '2026-01-02T09:00:00.000Z' });
    const c = await articles.create(articleInput({ topics: ['russia'] }));
    expect(await listings.topicArticleIds(russia, 10)).toEqual([a.id]);
    expect(await listings.authorArticleIds(ada, 10)).toEqual([b.id, a.id]);

    await articles.publish(c.id, '2026-01-03T09:00:00.000Z');
    expect(await listings.topicArticleIds(russia, 10)).toEqual([c.id, a.id]);
    expect(await listings.topicArticleIds(russia, 1, 1)).toEqual([a.id]);

    await articles.unpublish(a.id);
    expect(await listings.topicArticleIds(russia, 10)).toEqual([c.id]);
    expect(await listings.authorArticleIds(ada, 10)).toEqual([c.id, b.id]);

    await articles.update(c.id, { topics: ['elections'], authors: ['ben-writer'] });
    expect(await listings.topicArticleIds(russia, 10)).toEqual([]);
    expect(await listings.topicArticleIds(elections, 10)).toEqual([c.id]);
    expect(await listings.authorArticleIds(ada, 10)).toEqual([b.id]);

    await articles.publish(a.id);
    expect(await listings.topicArticleIds(russia, 10)).toEqual([a.id]);
  });
});
