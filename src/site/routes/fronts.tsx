import { Hono } from 'hono';
import { AuthorPage } from '../pages/AuthorPage.js';
import { HomePage } from '../pages/HomePage.js';
import { IssuePage } from '../pages/IssuePage.js';
import { SectionPage } from '../pages/SectionPage.js';
import { TopicPage } from '../pages/TopicPage.js';
import { PAGE_SIZE, paged, pageParam, type SiteContext } from './context.js';
import { pageTags } from '../../reader-ui/page-tags.js';
import { cachePage, list, tag } from '../../reader-ui/cache-tags.js';
import { isOpinionSection } from '../opinion.js';
import { MOST_READ_TAG, type MostReadItem } from '../../analytics/most-read.js';

const RAIL_SIZE = 4;

/** A page with a "Most read" rail goes when the rail's list changes, or one of its headlines. */
const mostReadTags = (items: MostReadItem[]) => [MOST_READ_TAG, ...items.map((item) => tag.article(item.articleId))];

/** Home, topic, author and print issue pages. Handlers load data from services and pick a page. */
export function frontRoutes({ services, config, chrome }: SiteContext) {
  const { articles, fronts, listings, taxonomy } = services;
  const tz = config.timeZone;

  return new Hono()
    .get('/', async (c) => {
      const site = await chrome();
      const [{ top, rails }, latestIssue, mostRead] = await Promise.all([fronts.home(site.sections, RAIL_SIZE), taxonomy.latestPrintIssue(), services.analytics.mostRead.lists()]);
      cachePage(c, ...pageTags.home([...top, ...rails.flatMap((r) => r.articles)], site.sections, latestIssue));
      cachePage(c, mostReadTags(mostRead.site));
      const opinion = rails.find((r) => isOpinionSection(r.section));
      const news = rails.filter((r) => r !== opinion);
      return c.html(<HomePage chrome={site} siteUrl={config.siteUrl} timeZone={tz} data={{ lead: top[0], top: top.slice(1), rails: news, opinion, latestIssue, mostRead: mostRead.site }} />);
    })
    .get('/topic/:slug', async (c) => {
      const page = pageParam(c);
      const topic = page && (await taxonomy.findTopic(c.req.param('slug')));
      if (!page || !topic) return c.notFound();
      const list = await paged(page, async (limit, offset) => articles.publishedSummaries(await listings.topicArticleIds(topic.id, limit, offset)));
      if (page > 1 && list.empty) return c.notFound();
      cachePage(c, ...pageTags.topic(topic, list.items));
      return c.html(<TopicPage chrome={await chrome()} siteUrl={config.siteUrl} timeZone={tz} data={{ topic, articles: list.items, page, hasNext: list.hasNext }} />);
    })
    .get('/author/:slug', async (c) => {
      const page = pageParam(c);
      const author = page && (await taxonomy.findAuthor(c.req.param('slug')));
      if (!page || !author) return c.notFound();
      const list = await paged(page, async (limit, offset) => articles.publishedSummaries(await listings.authorArticleIds(author.id, limit, offset)));
      if (page > 1 && list.empty) return c.notFound();
      cachePage(c, ...pageTags.author(author, list.items));
      return c.html(<AuthorPage chrome={await chrome()} siteUrl={config.siteUrl} timeZone={tz} data={{ author, articles: list.items, page, hasNext: list.hasNext }} />);
    })
    .get('/issue/:number{[1-9][0-9]{0,8}}', async (c) => {
      const issue = await taxonomy.findPrintIssue(Number(c.req.param('number')));
      if (!issue) return c.notFound();
      // A print issue holds a magazine's worth of pieces; 500 bounds a runaway import.
      const [contents, adjacent] = await Promise.all([
        articles.listPublished({ printIssueId: issue.id, order: 'oldest', limit: 500 }),
        services.archive.adjacentIssues(issue.number),
      ]);
      const [tags, options] = pageTags.printIssue(issue, contents);
      // The previous/next links change when an issue is added or renamed.
      const neighbours = [adjacent.previous, adjacent.next].flatMap((i) => (i ? [tag.printIssue(i.id)] : []));
      cachePage(c, [...tags, list.printIssues, ...neighbours], options);
      return c.html(<IssuePage chrome={await chrome()} siteUrl={config.siteUrl} timeZone={tz} data={{ issue, articles: contents, ...adjacent }} />);
    });
}

/** The section front: `/:section` matches any single segment, so it is mounted last. */
export function sectionRoutes({ services, config, chrome }: SiteContext) {
  const { fronts, taxonomy } = services;
  return new Hono().get('/:section', async (c) => {
    const page = pageParam(c);
    const section = page && (await taxonomy.findSection(c.req.param('section')));
    if (!page || !section) return c.notFound();
    const list = await fronts.sectionPage(section, page, PAGE_SIZE);
    if (page > 1 && list.empty) return c.notFound();
    cachePage(c, ...pageTags.section(section, list.items));
    const mostRead = page === 1 ? ((await services.analytics.mostRead.lists()).bySection.get(section.id) ?? []) : [];
    cachePage(c, mostReadTags(mostRead));
    return c.html(<SectionPage chrome={await chrome()} siteUrl={config.siteUrl} timeZone={config.timeZone} data={{ section, articles: list.items, page, hasNext: list.hasNext, mostRead }} />);
  });
}
