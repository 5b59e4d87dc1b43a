import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { bodyText } from '../src/content/blocks.js';
import { ValidationError } from '../src/errors.js';
import { importDocuments } from '../src/importers/index.js';
import { describeEachDatabase } from './support/databases.js';
import { seedParts, seedText } from './support/seed.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const seed = seedParts();
const fixture = (name: string) => ({ name, content: readFileSync(resolve(repoRoot, 'test/fixtures/importers', name), 'utf8') });

describeEachDatabase('importing page text', (db) => {
  it('imports the seed page as a published article, leaving the page furniture out', async () => {
    const { services, database } = db();
    const summary = await importDocuments(services, [{ name: 'article.txt', content: seedText }]);
    expect(summary).toMatchObject({ created: 1, updated: 0, skipped: [] });
    expect(summary.articles[0]).toMatchObject({ path: '/world/2022/01/russias-hold-over-its-neighbours-keeps-deepening', status: 'created' });

    const article = (await services.articles.get(summary.articles[0]!.id))!;
    expect(article.headline).toBe(seed.headline);
    expect(article.standfirst).toBe(seed.standfirst);
    expect(article.section).toMatchObject({ slug: 'world', name: 'World' });
    expect(article.authors.map((a) => [a.slug, a.name])).toEqual([['ido-vock', seed.author]]);
    expect(article.status).toBe('published');
    expect(article.publishedAt).toBe('2022-01-07T00:00:00.000Z');

    const text = bodyText(article.body);
    expect(article.body[0]).toEqual({ type: 'paragraph', content: [{ text: seed.paragraphs[0] }] });
    expect(text).toContain(seed.paragraphs.at(-1));
    // The opening words of each piece of furniture: a piece that leaked in part is caught too.
    const opening = (line: string) => line.split(' ').slice(0, 3).join(' ');
    for (const furniture of [opening(seed.supportPrompt), 'Content from our partners', ...seed.partnerTitles.map(opening), 'Sign up for', 'Tick the boxes', seed.topicsLabel, seed.byline, seed.dateline]) {
      expect(text).not.toContain(furniture);
    }
    expect(article.body.filter((b) => b.type === 'paragraph')).toHaveLength(16);
    // The partner slot goes where the page printed its partners' links.
    expect(article.partnerSlotAfter).toBe(seed.paragraphsBeforePartners);

    // The empty topics line is filled from suggestions, each marked for an editor to review.
    const names = article.topics.map((t) => t.name);
    for (const name of ['Russia', 'Kazakhstan', 'Belarus', 'Armenia', 'Vladimir Putin', 'Kassym-Jomart Tokayev', 'Nursultan Nazarbayev', 'Collective Security Treaty Organisation']) {
      expect(names).toContain(name);
    }
    const rows = await database.db.selectFrom('article_topics').select('suggested').where('article_id', '=', article.id).execute();
    expect(rows.length).toBe(names.length);
    expect(rows.every((r) => r.suggested === 1)).toBe(true);
  });

  it('updates the same page in place when it is imported again', async () => {
    const { services, database } = db();
    const before = await services.articles.count();
    const edited = `${seed.paragraphs[1]} A sentence added on re-import.`;
    const revised = seedText.replace(seed.paragraphs[1]!, edited);
    expect(revised).not.toBe(seedText);
    const again = await importDocuments(services, [{ name: 'article.txt', content: revised }]);
    expect(again).toMatchObject({ created: 0, updated: 1 });
    expect(await services.articles.count()).toBe(before);
    const article = (await services.articles.get(again.articles[0]!.id))!;
    expect(bodyText(article.body)).toContain(edited);
    expect(article.version).toBe(2);
    const revisions = await database.db.selectFrom('article_revisions').select('version').where('article_id', '=', article.id).orderBy('version').execute();
    expect(revisions.map((r) => r.version)).toEqual([1, 2]);
  });

  it('reads another publication’s layout: breadcrumb, two authors, printed times, tags, no standfirst', async () => {
    const { services } = db();
    const summary = await importDocuments(services, [fixture('harbour-page.txt'), fixture('no-standfirst.txt')]);
    expect(summary.articles.map((a) => a.path)).toEqual([
      '/business/2024/03/harbour-authority-sells-its-last-ferry-as-trade-routes-shift',
      '/culture/2023/11/library-reopens-after-flood-repairs',
    ]);
    const harbour = (await services.articles.get(summary.articles[0]!.id))!;
    expect(harbour.authors.map((a) => a.name)).toEqual(['Marta Kowalczyk', 'Tomás Ferreira']);
    expect(harbour.standfirst).toBe('');
    expect(harbour.publishedAt).toBe('2024-03-12T17:35:00.000Z');
    expect(harbour.updatedAt).toBe('2024-03-14T09:15:00.000Z');
    expect(harbour.topics.map((t) => [t.name, t.suggested])).toEqual([['Shipping', false], ['Kestrel Harbour', false]]);
    expect(harbour.body.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'heading', 'paragraph', 'list']);
    expect(harbour.partnerSlotAfter).toBeNull();
    const text = bodyText(harbour.body);
    for (const furniture of ['Advertisement', 'Related stories', 'Ferry timetable cut', 'cookies', 'briefing', 'Share this', 'min read', 'Subscribe', '©']) expect(text).not.toContain(furniture);

    const library = (await services.articles.get(summary.articles[1]!.id))!;
    expect(library.section.name).toBe('Culture');
    expect(library.authors.map((a) => a.name)).toEqual(['Priya Raman']);
    expect(bodyText(library.body)).not.toContain('Support our');
    expect(bodyText(library.body)).not.toContain('garden furniture');
    expect(library.body).toHaveLength(2);
    expect(library.partnerSlotAfter).toBe(1);
  });

  it('stops on a file that is not an article, naming it, and writes nothing of any file', async () => {
    const { services } = db();
    const before = await services.articles.count();
    const attempt = importDocuments(services, [
      { name: 'good.txt', content: 'World\n1 February 2025\n\nA good headline here\n\nBy Some Body\n\nA body paragraph that is long enough to be one.' },
      fixture('not-an-article.txt'),
    ]);
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toThrow(/^not-an-article\.txt: not an article: no headline found/);
    expect(await services.articles.count()).toBe(before);
  });

  // Each of these pages held an import for minutes; the per-test timeout is the guard.
  it('refuses page text with a line past the line-length cap, naming the line and the cap', { timeout: 5_000 }, async () => {
    const { services } = db();
    const before = await services.articles.count();
    const dates = Array.from({ length: 20_000 }, (_, i) => `${(i % 28) + 1} January ${1990 + (i % 30)}`).join(' ');
    const page = `World\n7 January 2022\n\nA calendar of every date\n\nBy Some Body\n\nA first paragraph that is long enough to be one.\n\n${dates}\n`;
    await expect(importDocuments(services, [{ name: 'dates.txt', content: page }])).rejects.toThrow(
      /^dates\.txt: line 10 is 313,\d{3} characters long; page text may have at most 10,000 characters a line$/,
    );
    expect(await services.articles.count()).toBe(before);
  });

  it('imports a page whose topic suggestion would take minutes, keeping the topics found within the time budget', { timeout: 15_000 }, async () => {
    const { services } = db();
    const dates = Array.from({ length: 580 }, (_, i) => `${(i % 28) + 1} January ${1990 + (i % 30)}.`).join(' ');
    const page = `World\n7 January 2022\n\nAngela Merkel visits Warsaw\n\nBy Some Body\n\n${Array.from({ length: 100 }, () => dates).join('\n\n')}\n`;
    const summary = await importDocuments(services, [{ name: 'calendar.txt', content: page }]);
    expect(summary.created).toBe(1);
    const article = (await services.articles.get(summary.articles[0]!.id))!;
    expect(article.topics.map((t) => [t.name, t.suggested])).toContainEqual(['Angela Merkel', true]);
  });
});

