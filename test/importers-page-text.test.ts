import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { bodyText } from '../src/content/blocks.js';
import { ValidationError } from '../src/errors.js';
import { importDocuments } from '../src/importers/index.js';
import { describeEachDatabase } from './support/databases.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const seed = readFileSync(resolve(repoRoot, '../shared/seed/article.txt'), 'utf8');
const fixture = (name: string) => ({ name, content: readFileSync(resolve(repoRoot, 'test/fixtures/importers', name), 'utf8') });

describeEachDatabase('importing page text', (db) => {
  it('imports the seed page as a published article, leaving the page furniture out', async () => {
    const { services, database } = db();
    const summary = await importDocuments(services, [{ name: 'article.txt', content: seed }]);
    expect(summary).toMatchObject({ created: 1, updated: 0, skipped: [] });
    expect(summary.articles[0]).toMatchObject({ path: '/world/2022/01/russias-hold-over-its-neighbours-keeps-deepening', status: 'created' });

    const article = (await services.articles.get(summary.articles[0]!.id))!;
    expect(article.headline).toBe('Russia’s hold over its neighbours keeps deepening');
    expect(article.standfirst).toBe("Vladimir Putin's backing for the Kazakh government carries risks for Russia's standing in the region.");
    expect(article.section).toMatchObject({ slug: 'world', name: 'World' });
    expect(article.authors.map((a) => [a.slug, a.name])).toEqual([['ido-vock', 'Ido Vock']]);
    expect(article.status).toBe('published');
    expect(article.publishedAt).toBe('2022-01-07T00:00:00.000Z');

    const text = bodyText(article.body);
    expect(article.body[0]).toEqual({ type: 'paragraph', content: [{ text: expect.stringMatching(/^Armenia, Belarus, and now Kazakhstan\./) }] });
    expect(text).toMatch(/Russia’s expanded influence is real, then, but it is brittle\./);
    for (const furniture of ['Support 100 years', 'Content from our partners', 'How automation can help telecoms', 'Sign up for', 'Tick the boxes', 'Topics in this article', 'By Ido Vock', '7 January 2022']) {
      expect(text).not.toContain(furniture);
    }
    expect(article.body.filter((b) => b.type === 'paragraph')).toHaveLength(16);

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
    const again = await importDocuments(services, [{ name: 'article.txt', content: seed.replace('keeps deepening\n', 'keeps deepening\n').replace('It ended when', 'It ended only when') }]);
    expect(again).toMatchObject({ created: 0, updated: 1 });
    expect(await services.articles.count()).toBe(before);
    const article = (await services.articles.get(again.articles[0]!.id))!;
    expect(bodyText(article.body)).toContain('It ended only when');
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
    const text = bodyText(harbour.body);
    for (const furniture of ['Advertisement', 'Related stories', 'Ferry timetable cut', 'cookies', 'briefing', 'Share this', 'min read', 'Subscribe', '©']) expect(text).not.toContain(furniture);

    const library = (await services.articles.get(summary.articles[1]!.id))!;
    expect(library.section.name).toBe('Culture');
    expect(library.authors.map((a) => a.name)).toEqual(['Priya Raman']);
    expect(bodyText(library.body)).not.toContain('Support our');
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
});
