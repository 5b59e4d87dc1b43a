import { beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../src/accounts/policy.js';
import { createApp } from '../src/app.js';
import { b } from '../src/content/blocks.js';
import { sharePreviewService } from '../src/content/share-previews.js';
import type { Services } from '../src/services.js';
import { adminGet, adminPost, adminTestConfig, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, publishedArticle, seedNewsletters, seedNewsroom } from './support/fixtures.js';

const DAY = 86_400_000;

/** The share link's token, from the page shown once when it is made. */
const tokenOf = (html: string) => /\/preview\/([A-Za-z0-9_-]{43})"/.exec(html)?.[1] ?? '';

describeEachDatabase('preview, share links and newsroom notes', (fixture) => {
  let services: Services;
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let writer: SignedIn;
  let contributor: SignedIn;
  let draftId: number;

  beforeAll(async () => {
    services = fixture().services;
    app = createAdminTestApp(services);
    const { authors } = await seedNewsroom(services);
    await seedNewsletters(services);
    // A partner piece for the slot and a published article sharing the draft's topic, for "Related".
    await publishedArticle(services, { headline: 'Paid-for travel piece', sponsor: 'Acme Rail', topics: [] });
    await publishedArticle(services, { headline: 'Earlier story on Russia', topics: ['russia'] });
    editor = await signIn(app, services, 'editor');
    writer = await signIn(app, services, 'writer', { authorId: authors[1]!.id });
    contributor = await signIn(app, services, 'contributor', { authorId: authors[0]!.id });
    const draft = await services.articles.create(
      articleInput({ headline: 'Draft under embargo', authors: ['ben-writer'], topics: ['russia'], partnerSlotAfter: 1, body: [b.p('Opening line.'), b.p('Second line.')] }),
    );
    draftId = draft.id;
  });

  it('previews a draft exactly as readers will see it, under a banner with the newsroom notes, never cached', async () => {
    expect((await adminPost(app, writer, `/admin/articles/${draftId}/notes`, { text: 'Check the second quote with Ada.', return: 'preview' })).status).toBe(303);
    const res = await adminGet(app, editor, `/admin/articles/${draftId}/preview`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    const html = await res.text();
    expect(html).toContain('Preview: not published');
    expect(html).toMatch(/<h1[^>]*>Draft under embargo<\/h1>/);
    expect(html).toContain('Content from our partners');
    expect(html).toContain('Paid for by Acme Rail');
    expect(html).toContain('class="signup-box"');
    expect(html).toContain('The Daily Brief');
    expect(html).toContain('href="/topic/russia"');
    expect(html).toContain('Related articles');
    expect(html).toContain('Earlier story on Russia');
    expect(html).toContain('Check the second quote with Ada.');
    // The slot comes after the first paragraph, as on the public page.
    expect(html.indexOf('Opening line.')).toBeLessThan(html.indexOf('Content from our partners'));
    expect(html.indexOf('Content from our partners')).toBeLessThan(html.indexOf('Second line.'));
  });

  it('shows a scheduled article’s publication time in the site’s zone, named', async () => {
    const scheduled = await services.articles.create(articleInput({ headline: 'Summer piece' }), { status: 'scheduled', scheduledFor: '2099-07-01T08:30:00.000Z' });
    const html = await (await adminGet(app, editor, `/admin/articles/${scheduled.id}/preview`)).text();
    expect(html).toContain('Scheduled');
    expect(html).toMatch(/Publishes <time datetime="2099-07-01T08:30:00.000Z">Wed 1 Jul 2099, 09:30 BST<\/time>/);
  });

  it('keeps notes to staff who may see the article; a refused note comes back with its typing', async () => {
    expect((await adminGet(app, contributor, `/admin/articles/${draftId}/preview`)).status).toBe(404);
    expect((await adminPost(app, contributor, `/admin/articles/${draftId}/notes`, { text: 'Sneaky' })).status).toBe(404);
    const empty = await adminPost(app, editor, `/admin/articles/${draftId}/notes`, { text: '   ', return: 'editor' });
    expect(empty.status).toBe(422);
    const page = await empty.text();
    expect(page).toContain('role="alert"');
    expect(page).toMatch(/aria-invalid="true"/);
    expect(page).toContain('is required: write the note first');
    const long = 'x'.repeat(4001);
    const tooLong = await adminPost(app, editor, `/admin/articles/${draftId}/notes`, { text: long });
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain(long);
    expect(await services.database.db.selectFrom('article_notes').select('text').where('article_id', '=', draftId).execute()).toEqual([{ text: 'Check the second quote with Ada.' }]);
  });

  it('lets the author or an editor resolve and delete a note, and no one else', async () => {
    const id = await services.draftNotes.add(editor.actor, draftId, { text: 'Editor’s own note' });
    const other = await signIn(app, services, 'writer', { authorId: (await services.taxonomy.listAuthors()).find((a) => a.slug === 'ben-writer')!.id });
    expect((await adminPost(app, other, `/admin/articles/${draftId}/notes/${id}/resolve`)).status).toBe(403);
    expect((await adminPost(app, editor, `/admin/articles/${draftId}/notes/${id}/resolve`, { return: 'preview' })).headers.get('location')).toBe(`/admin/articles/${draftId}/preview?done=saved`);
    expect((await services.draftNotes.list(editor.actor, draftId)).find((n) => n.id === id)?.resolvedAt).toBeTruthy();
    const res = await adminPost(app, editor, `/admin/articles/${draftId}/notes/${id}/delete`, { return: 'https://evil.example/' });
    expect(res.headers.get('location')).toBe(`/admin/articles/${draftId}?done=deleted`);
    expect((await services.draftNotes.list(editor.actor, draftId)).some((n) => n.id === id)).toBe(false);
  });

  it('makes a share link that opens the current draft without an account, with no notes, and is stored only hashed', async () => {
    const made = await adminPost(app, writer, `/admin/articles/${draftId}/share-links`);
    expect(made.status).toBe(201);
    const token = tokenOf(await made.text());
    expect(token).toHaveLength(43);
    const rows = await services.database.db.selectFrom('share_links').selectAll().where('article_id', '=', draftId).execute();
    expect(JSON.stringify(rows)).not.toContain(token);

    // The draft changes after the link was made: the link shows it as it is now.
    await services.articles.update(draftId, { headline: 'Draft under embargo, revised' });
    const res = await app.request(`/preview/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    const html = await res.text();
    expect(html).toMatch(/<h1[^>]*>Draft under embargo, revised<\/h1>/);
    expect(html).toContain('Preview: not published');
    expect(html).toContain('Content from our partners');
    expect(html).not.toContain('Check the second quote');
    expect(html).not.toContain('Newsroom notes');

    const listed = await adminGet(app, writer, `/admin/articles/${draftId}/notes`);
    expect(listed.status).toBe(200);
  });

  it('asks before deleting a note, revoking a share link or unpublishing, in plain forms that need no script', async () => {
    const { parseHTML } = await import('linkedom');
    const page = async (path: string) => parseHTML(await (await adminGet(app, editor, path)).text()).document;
    const live = await publishedArticle(services, { headline: 'Live piece with a link out' });
    await services.sharePreviews.create(editor.actor, live.id);
    await services.draftNotes.add(editor.actor, live.id, { text: 'A note to delete.' });

    const screen = await page(`/admin/articles/${live.id}`);
    // Unpublish is a move of the article form (it saves the typing first), behind its question.
    const unpublish = screen.querySelectorAll('button[name="then"][value="unpublish"]');
    expect(unpublish.length).toBe(1);
    expect(unpublish[0]!.closest('details.confirm')!.querySelector('summary')!.textContent).toBe('Unpublish…');
    expect(unpublish[0]!.closest('form')!.getAttribute('action')).toBe(`/admin/articles/${live.id}`);
    expect(unpublish[0]!.closest('.confirm-panel')!.textContent).toContain('Take this article off the site?');

    const revoke = screen.querySelector('.preview-link details.confirm form.confirm-panel')!;
    expect(revoke.getAttribute('action')).toMatch(new RegExp(`^/admin/articles/${live.id}/share-links/\\d+/revoke$`));
    expect(revoke.querySelector('input[name="_csrf"]')).not.toBeNull();
    expect(revoke.closest('details')!.querySelector('summary')!.getAttribute('aria-label')).toMatch(/^Revoke the link open until \d{4}-\d\d-\d\d$/);

    for (const path of [`/admin/articles/${live.id}/notes`, `/admin/articles/${live.id}/preview`]) {
      const notes = await page(path);
      const del = notes.querySelector('.preview-note details.confirm form.confirm-panel')!;
      expect(del.getAttribute('action')).toMatch(new RegExp(`^/admin/articles/${live.id}/notes/\\d+/delete$`));
      expect(del.querySelector('input[name="_csrf"]')).not.toBeNull();
      expect(del.querySelector('input[name="return"]')).not.toBeNull();
      expect(del.textContent).toContain('Delete this note for everyone?');
    }
    // No bare one-click form is left for any of them.
    expect(screen.querySelector('.preview-link > form')).toBeNull();
    expect((await page(`/admin/articles/${live.id}/notes`)).querySelector('.preview-note-actions > form[action$="/delete"]')).toBeNull();
  });

  it('answers 410 once a link is revoked, 404 for a link that never existed', async () => {
    const token = tokenOf(await (await adminPost(app, editor, `/admin/articles/${draftId}/share-links`)).text());
    const [link] = (await services.sharePreviews.active(editor.actor, draftId)).slice(-1);
    expect((await app.request(`/preview/${token}`)).status).toBe(200);
    expect((await adminPost(app, editor, `/admin/articles/${draftId}/share-links/${link!.id}/revoke`)).status).toBe(303);
    const gone = await app.request(`/preview/${token}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('This preview link was revoked');
    expect((await app.request(`/preview/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await app.request('/preview/short')).status).toBe(404);
  });

  it('answers 410 seven days after a link was made', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const clocked = { ...services, sharePreviews: sharePreviewService(services.database.db, services, { authorize, now: () => now }) };
    const clockedApp = createApp({ services: clocked, config: adminTestConfig });
    const { token } = await clocked.sharePreviews.create(editor.actor, draftId);
    now = new Date(now.getTime() + 7 * DAY - 60_000);
    expect((await clockedApp.request(`/preview/${token}`)).status).toBe(200);
    now = new Date(now.getTime() + 60_000);
    const expired = await clockedApp.request(`/preview/${token}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This preview link has expired');
  });

  it('lets only those who may share an article make links for it', async () => {
    const published = await publishedArticle(services, { headline: 'Ada’s published piece', authors: ['ada-reporter'] });
    // A writer sees a colleague's published article, but it is not theirs to share.
    expect((await adminPost(app, writer, `/admin/articles/${published.id}/share-links`)).status).toBe(403);
    expect((await adminPost(app, contributor, `/admin/articles/${published.id}/share-links`)).status).toBe(201);
  });
});

describe('revisions with a word-level diff', () => {
  describeEachDatabase('revisions page', (fixture) => {
    it('marks the changed words only, struck through and underlined', async () => {
      const { services } = fixture();
      const app = createAdminTestApp(services);
      await seedNewsroom(services);
      const editor = await signIn(app, services, 'editor');
      const live = await publishedArticle(services, { headline: 'Minister resigns', body: [b.p('The finance minister, Jane Doe, resigned on Tuesday.')] });
      await services.articles.update(live.id, { body: [b.p('The finance minister, Jane Roe, resigned on Tuesday.')] });
      const res = await adminGet(app, editor, `/admin/articles/${live.id}/revisions?from=${live.version}&to=${live.version + 1}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<del class="preview-del">Doe</del><ins class="preview-ins">Roe</ins>, resigned on Tuesday.');
      expect(html).not.toContain('<del class="preview-del">The finance');
    });
  });
});
