import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { articleInput, seedNewsroom } from '../../test/support/fixtures.js';
import type { Actor } from './article-policy.js';
import { StaleVersionError } from './articles.js';
import { b } from './blocks.js';

describeEachDatabase('editorial service', (fixture) => {
  let contributor: Actor;
  let writer: Actor;
  let editor: Actor;
  const services = () => fixture().services;

  beforeAll(async () => {
    const { authors } = await seedNewsroom(services());
    contributor = { id: 901, role: 'contributor', author_id: authors[0]!.id };
    writer = { id: 902, role: 'writer', author_id: authors[1]!.id };
    editor = { id: 903, role: 'editor', author_id: null };
  });

  let draftId: number;
  beforeEach(async () => {
    const draft = await services().editorial.create(contributor, articleInput({ authors: [] }));
    draftId = draft.id;
  });

  it("makes a contributor's new draft theirs by byline", async () => {
    const draft = await services().articles.get(draftId);
    expect(draft?.authors.map((a) => a.slug)).toEqual(['ada-reporter']);
    expect(draft?.status).toBe('draft');
  });

  it('refuses a stale save with the current version and overwrites nothing', async () => {
    const { editorial, articles } = services();
    const first = await editorial.save(contributor, draftId, { headline: 'First save' }, 1);
    expect(first.version).toBe(2);
    const stale = editorial.save(editor, draftId, { headline: 'Second save from an old copy' }, 1);
    await expect(stale).rejects.toBeInstanceOf(StaleVersionError);
    await expect(stale).rejects.toMatchObject({ status: 409, currentVersion: 2 });
    expect((await articles.get(draftId))?.headline).toBe('First save');
  });

  it('autosaves a draft in place, with the version check', async () => {
    const { editorial, articles } = services();
    const result = await editorial.autosave(contributor, draftId, { standfirst: 'Typed so far' }, 1);
    expect(result).toMatchObject({ stored: 'article', version: 2 });
    const saved = await articles.get(draftId);
    expect(saved?.standfirst).toBe('Typed so far');
    expect(saved?.authors.map((a) => a.slug)).toEqual(['ada-reporter']);
    await expect(editorial.autosave(contributor, draftId, { standfirst: 'late' }, 1)).rejects.toBeInstanceOf(StaleVersionError);
  });

  it('keeps an autosave of a live article aside until it is saved', async () => {
    const { editorial, articles } = services();
    const live = await editorial.publish(editor, draftId);
    const result = await editorial.autosave(editor, draftId, { headline: 'Half-written headline' }, live.version);
    expect(result.stored).toBe('autosave');
    expect((await articles.get(draftId))?.headline).toBe(live.headline);
    expect((await editorial.pendingAutosave(editor, draftId))?.input.headline).toBe('Half-written headline');
    await editorial.save(editor, draftId, { headline: 'Finished headline' }, live.version);
    expect(await editorial.pendingAutosave(editor, draftId)).toBeUndefined();
  });

  it('runs the workflow by role: contributors submit, only the desk or the own writer publishes', async () => {
    const { editorial, articles } = services();
    await editorial.submit(contributor, draftId);
    await expect(editorial.publish(contributor, draftId)).rejects.toMatchObject({ status: 403 });
    await expect(editorial.save(contributor, draftId, { headline: 'After submitting' }, 2)).rejects.toMatchObject({ status: 403 });
    // A colleague's unpublished draft is not there for a writer at all.
    await expect(editorial.publish(writer, draftId)).rejects.toMatchObject({ status: 404 });
    expect((await articles.get(draftId))?.status).toBe('in_review');

    const when = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await editorial.schedule(editor, draftId, when);
    expect(scheduled.status).toBe('scheduled');

    const own = await editorial.create(writer, articleInput({ authors: [] }));
    expect((await editorial.publish(writer, own.id)).status).toBe('published');
    expect((await editorial.unpublish(writer, own.id)).status).toBe('unpublished');
  });

  it("refuses a writer's restore that would undo an editor's sponsor, and lets the desk do it", async () => {
    const { editorial, articles } = services();
    const own = await editorial.create(writer, articleInput({ authors: [] }));
    const v1 = await editorial.publish(writer, own.id);
    const v2 = await editorial.save(editor, own.id, { sponsor: 'Rail Co' }, v1.version);
    await expect(editorial.restore(writer, own.id, v1.version, v2.version)).rejects.toMatchObject({ status: 403, message: expect.stringContaining('the sponsor') });
    expect((await articles.get(own.id))?.sponsor).toBe('Rail Co');
    expect((await editorial.restore(editor, own.id, v1.version, v2.version)).sponsor).toBeNull();
  });

  it('lists for each role only what it may see', async () => {
    const { editorial, articles } = services();
    await editorial.publish(editor, (await editorial.create(editor, articleInput({ authors: ['ben-writer'] }))).id);
    await editorial.publish(editor, (await editorial.create(editor, articleInput({ authors: ['ada-reporter'] }))).id);
    const all = await editorial.list(editor, { limit: 1000 });
    expect(all.length).toBe(await articles.count());
    const ids = (list: Array<{ id: number }>) => list.map((a) => a.id).sort((x, y) => x - y);
    const by = (slug: string) => (a: (typeof all)[number]) => a.authors.some((x) => x.slug === slug);
    expect(ids(await editorial.list(contributor, { limit: 1000 }))).toEqual(ids(all.filter(by('ada-reporter'))));
    expect(ids(await editorial.list(writer, { limit: 1000 }))).toEqual(ids(all.filter((a) => by('ben-writer')(a) || a.status === 'published')));
  });

  it('publishes scheduled articles once their time has come', async () => {
    const { editorial, articles } = services();
    await editorial.schedule(editor, draftId, new Date(Date.now() + 60_000).toISOString());
    expect(await articles.publishDue()).toBe(0);
    // A later clock, as after a restart past the scheduled time.
    const { articleService } = await import('./articles.js');
    const later = articleService(fixture().database.db, { timeZone: 'Europe/London', now: () => new Date(Date.now() + 120_000) });
    expect(await later.publishDue()).toBeGreaterThanOrEqual(1);
    expect((await articles.get(draftId))?.status).toBe('published');
  });

  it('adds a dated correction note readers see, as a new revision', async () => {
    const { editorial } = services();
    const live = await editorial.publish(editor, draftId);
    const corrected = await editorial.addNote(editor, draftId, { kind: 'correction', text: 'An earlier version misspelt a name.' }, live.version);
    const note = corrected.body.at(-1);
    expect(note).toMatchObject({ type: 'note', kind: 'correction', text: 'An earlier version misspelt a name.' });
    expect(note && 'date' in note && note.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await editorial.revisions(editor, draftId)).map((r) => r.version)).toEqual([corrected.version, live.version]);
    await expect(editorial.addNote(editor, draftId, { kind: 'correction', text: ' ' }, corrected.version)).rejects.toThrow('text: is required');
  });

  it('diffs two revisions and restores an older one as a new revision', async () => {
    const { editorial, articles } = services();
    const v1 = await editorial.publish(editor, draftId);
    const v2 = await editorial.save(editor, draftId, { headline: 'Rewritten headline', body: [b.p('First paragraph.'), b.p('A new second paragraph.')] }, v1.version);
    const parts = await editorial.diff(editor, draftId, v1.version, v2.version);
    // A word diff: the old text is everything not added, the new text everything not removed.
    const before = parts.filter((p) => p.change !== 'added').map((p) => p.text).join('');
    const after = parts.filter((p) => p.change !== 'removed').map((p) => p.text).join('');
    expect(before).toContain(`Headline: ${v1.headline}\n`);
    expect(after).toContain('Headline: Rewritten headline\n');
    expect(after).toContain('A new second paragraph.');
    expect(parts).toContainEqual({ change: 'added', text: 'Rewritten' });
    expect(parts).toContainEqual({ change: 'removed', text: 'Second' });
    expect(parts.find((p) => p.text.includes('First paragraph.'))?.change).toBe('same');

    await expect(editorial.restore(editor, draftId, v1.version, v1.version)).rejects.toBeInstanceOf(StaleVersionError);
    const restored = await editorial.restore(editor, draftId, v1.version, v2.version);
    expect(restored.headline).toBe(v1.headline);
    expect(restored.body).toEqual(v1.body);
    expect((await editorial.revisions(editor, draftId))[0]?.version).toBe(restored.version);
    expect((await articles.get(draftId))?.version).toBe(v2.version + 1);
  });
});
