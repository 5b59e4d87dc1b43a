import { Hono } from 'hono';
import { NotFoundError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, idParam, intField, saveOr } from './form.js';
import {
  AuthorEditPage,
  AuthorsPage,
  PrintIssueEditPage,
  PrintIssuesPage,
  SectionEditPage,
  SectionsPage,
  TopicEditPage,
  TopicsPage,
} from './views/TaxonomyPages.js';

const found = <T,>(row: T | undefined, what: string): T => {
  if (!row) throw new NotFoundError(`No such ${what}`);
  return row;
};

/** Sections, authors, topics (with merging, aliases and the review of proposed topics) and print issues, for the desk. */
export function taxonomyAdminRoutes(services: Services) {
  const { desk } = services;
  const app = new Hono<NewsroomEnv>();

  app.get('/admin/sections', async (c) => c.html(<SectionsPage sections={await desk.sections(c.var.user)} csrfToken={c.var.csrfToken} />));
  app.post('/admin/sections', async (c) => {
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.addSection(c.var.user, { slug: f.slug ?? '', name: f.name ?? '', description: f.description, position: intField(f.position) });
        return c.redirect('/admin/sections', 303);
      },
      async (error, status) => c.html(<SectionsPage sections={await desk.sections(c.var.user)} csrfToken={c.var.csrfToken} error={error} values={f} />, status),
    );
  });
  const section = async (c: { var: NewsroomEnv['Variables'] }, id: number) => found((await desk.sections(c.var.user)).find((s) => s.id === id), 'section');
  app.get('/admin/sections/:id', async (c) => c.html(<SectionEditPage section={await section(c, idParam(c, 'section'))} csrfToken={c.var.csrfToken} />));
  app.post('/admin/sections/:id', async (c) => {
    const id = idParam(c, 'section');
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.updateSection(c.var.user, id, { name: f.name ?? '', description: f.description, position: intField(f.position) });
        return c.redirect('/admin/sections', 303);
      },
      async (error, status) => c.html(<SectionEditPage section={await section(c, id)} csrfToken={c.var.csrfToken} error={error} values={f} />, status),
    );
  });

  const authorInput = (f: Record<string, string>) => ({ name: f.name ?? '', slug: f.slug?.trim() || undefined, bio: f.bio ?? '', photoUrl: f.photoUrl?.trim() || null });
  app.get('/admin/authors', async (c) => c.html(<AuthorsPage authors={await desk.authors(c.var.user)} csrfToken={c.var.csrfToken} />));
  app.post('/admin/authors', async (c) => {
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.saveAuthor(c.var.user, undefined, authorInput(f));
        return c.redirect('/admin/authors', 303);
      },
      async (error, status) => c.html(<AuthorsPage authors={await desk.authors(c.var.user)} csrfToken={c.var.csrfToken} error={error} values={f} />, status),
    );
  });
  const author = async (c: { var: NewsroomEnv['Variables'] }, id: number) => found((await desk.authors(c.var.user)).find((a) => a.id === id), 'author');
  app.get('/admin/authors/:id', async (c) => c.html(<AuthorEditPage author={await author(c, idParam(c, 'author'))} csrfToken={c.var.csrfToken} />));
  app.post('/admin/authors/:id', async (c) => {
    const id = idParam(c, 'author');
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.saveAuthor(c.var.user, id, authorInput(f));
        return c.redirect('/admin/authors', 303);
      },
      async (error, status) => c.html(<AuthorEditPage author={await author(c, id)} csrfToken={c.var.csrfToken} error={error} values={f} />, status),
    );
  });

  const { topics } = services;
  const topicsPage = async (c: { var: NewsroomEnv['Variables'] }, state: { notice?: string; error?: string; values?: Record<string, string> } = {}) =>
    <TopicsPage topics={await topics.list(c.var.user)} csrfToken={c.var.csrfToken} {...state} />;
  const topicNotices: Record<string, string> = {
    accepted: 'Accepted: the topic now has its public page and shows on its articles.',
    rejected: 'Rejected: the proposed topic and its suggestions are gone.',
  };
  app.get('/admin/topics', async (c) => {
    const merged = c.req.query('merged');
    const notice = merged ? `Merged: ${merged} article(s) moved, and the old topic's address now redirects.` : topicNotices[c.req.query('done') ?? ''];
    return c.html(await topicsPage(c, { notice }));
  });
  app.post('/admin/topics', async (c) => {
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.addTopic(c.var.user, { name: f.name ?? '', slug: f.slug?.trim() || undefined });
        return c.redirect('/admin/topics', 303);
      },
      async (error, status) => c.html(await topicsPage(c, { error, values: f }), status),
    );
  });
  app.post('/admin/topics/merge', async (c) => {
    const f = await formFields(c);
    return saveOr(
      async () => {
        const { moved } = await desk.mergeTopics(c.var.user, intField(f.from) ?? 0, intField(f.into) ?? 0);
        return c.redirect(`/admin/topics?merged=${moved}`, 303);
      },
      async (error, status) => c.html(await topicsPage(c, { error, values: f }), status),
    );
  });
  app.post('/admin/topics/:id/accept', async (c) => {
    await topics.accept(c.var.user, idParam(c, 'topic'));
    return c.redirect('/admin/topics?done=accepted', 303);
  });
  app.post('/admin/topics/:id/reject', async (c) => {
    await topics.reject(c.var.user, idParam(c, 'topic'));
    return c.redirect('/admin/topics?done=rejected', 303);
  });
  app.post('/admin/topics/:id/merge', async (c) => {
    const id = idParam(c, 'topic');
    const f = await formFields(c);
    return saveOr(
      async () => {
        const { moved } = await topics.merge(c.var.user, id, intField(f.into) ?? 0);
        return c.redirect(`/admin/topics?merged=${moved}`, 303);
      },
      async (error, status) => c.html(await topicsPage(c, { error }), status),
    );
  });
  const topic = async (c: { var: NewsroomEnv['Variables'] }, id: number) => found((await topics.list(c.var.user)).find((t) => t.id === id), 'topic');
  const topicEditPage = async (c: { var: NewsroomEnv['Variables'] }, id: number, state: { error?: string; values?: Record<string, string> } = {}) =>
    <TopicEditPage topic={await topic(c, id)} csrfToken={c.var.csrfToken} {...state} />;
  app.get('/admin/topics/:id', async (c) => c.html(await topicEditPage(c, idParam(c, 'topic'))));
  app.post('/admin/topics/:id', async (c) => {
    const id = idParam(c, 'topic');
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.renameTopic(c.var.user, id, f.name ?? '');
        return c.redirect('/admin/topics', 303);
      },
      async (error, status) => c.html(await topicEditPage(c, id, { error, values: f }), status),
    );
  });
  app.post('/admin/topics/:id/aliases', async (c) => {
    const id = idParam(c, 'topic');
    const f = await formFields(c);
    return saveOr(
      async () => {
        await topics.addAlias(c.var.user, id, f.alias ?? '');
        return c.redirect(`/admin/topics/${id}`, 303);
      },
      async (error, status) => c.html(await topicEditPage(c, id, { error, values: f }), status),
    );
  });
  app.post('/admin/topics/:id/aliases/:alias/delete', async (c) => {
    const id = idParam(c, 'topic');
    await topics.removeAlias(c.var.user, id, Number(c.req.param('alias')));
    return c.redirect(`/admin/topics/${id}`, 303);
  });

  const issueInput = (f: Record<string, string>) => ({ number: intField(f.number) as number, date: f.date ?? '', title: f.title ?? '', coverUrl: f.coverUrl?.trim() || null });
  app.get('/admin/print-issues', async (c) => c.html(<PrintIssuesPage issues={await desk.printIssues(c.var.user)} csrfToken={c.var.csrfToken} />));
  app.post('/admin/print-issues', async (c) => {
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.savePrintIssue(c.var.user, undefined, issueInput(f));
        return c.redirect('/admin/print-issues', 303);
      },
      async (error, status) => c.html(<PrintIssuesPage issues={await desk.printIssues(c.var.user)} csrfToken={c.var.csrfToken} error={error} values={f} />, status),
    );
  });
  const issue = async (c: { var: NewsroomEnv['Variables'] }, id: number) => found((await desk.printIssues(c.var.user)).find((i) => i.id === id), 'print issue');
  app.get('/admin/print-issues/:id', async (c) => c.html(<PrintIssueEditPage issue={await issue(c, idParam(c, 'print issue'))} csrfToken={c.var.csrfToken} />));
  app.post('/admin/print-issues/:id', async (c) => {
    const id = idParam(c, 'print issue');
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.savePrintIssue(c.var.user, id, issueInput(f));
        return c.redirect('/admin/print-issues', 303);
      },
      async (error, status) => c.html(<PrintIssueEditPage issue={await issue(c, id)} csrfToken={c.var.csrfToken} error={error} values={f} />, status),
    );
  });

  return app;
}
