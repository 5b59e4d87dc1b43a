import { Hono, type Context } from 'hono';
import type { Author, PrintIssue, Section } from '../../content/taxonomy.js';
import { NotFoundError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { DeskTopic } from '../../topics/topic-store.js';
import { toastRedirect } from '../components/toast.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, idParam, intField } from './form.js';
import { saveOrRefuse } from './refusal.js';
import { sortFromQuery, sortRows, type SortKeys, type TableSort } from './table-sort.js';
import {
  AuthorEditPage,
  AuthorsPage,
  PrintIssueEditPage,
  PrintIssuesPage,
  SectionEditPage,
  SectionsPage,
  TopicEditPage,
  TopicsPage,
  type PageState,
  type TopicsForm,
} from './views/TaxonomyPages.js';

type Ctx = Context<NewsroomEnv>;

const found = <T,>(row: T | undefined, what: string): T => {
  if (!row) throw new NotFoundError(`No such ${what}`);
  return row;
};

/** Each list's sortable columns, and the order it opens in. */
const sectionSort: SortKeys<Section> = { name: (s) => s.name, slug: (s) => s.slug, position: (s) => s.position };
const authorSort: SortKeys<Author> = { name: (a) => a.name, slug: (a) => a.slug };
const topicSort: SortKeys<DeskTopic> = { name: (t) => t.name, slug: (t) => t.slug, articles: (t) => t.articles };
const issueSort: SortKeys<PrintIssue> = { number: (i) => i.number, date: (i) => i.issue_date, title: (i) => i.title };

/** A list in the order its page's query asks for. */
function ordered<T>(c: Ctx, rows: T[], keys: SortKeys<T>, fallback: TableSort): { rows: T[]; sort: TableSort } {
  const sort = sortFromQuery({ sort: c.req.query('sort'), dir: c.req.query('dir') }, keys, fallback);
  return { rows: sortRows(rows, sort, keys), sort };
}

/** Sections, authors, topics (with merging, aliases and the review of proposed topics) and print issues, for the desk. */
export function taxonomyAdminRoutes(services: Services) {
  const { desk, topics } = services;
  const app = new Hono<NewsroomEnv>();

  const sectionsPage = async (c: Ctx, state: Omit<PageState, 'csrfToken'> = {}) => {
    const { rows, sort } = ordered(c, await desk.sections(c.var.user), sectionSort, { key: 'position', dir: 'asc' });
    return <SectionsPage sections={rows} sort={sort} csrfToken={c.var.csrfToken} {...state} />;
  };
  app.get('/admin/sections', async (c) => c.html(await sectionsPage(c)));
  app.post('/admin/sections', async (c) => {
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await desk.addSection(c.var.user, { slug: f.slug ?? '', name: f.name ?? '', description: f.description, position: intField(f.position) });
        return toastRedirect(c, '/admin/sections', 'created');
      },
      async (refusal, status) => c.html(await sectionsPage(c, { refusal, values: f }), status),
      { conflictField: 'slug' },
    );
  });
  const section = async (c: Ctx, id: number) => found((await desk.sections(c.var.user)).find((s) => s.id === id), 'section');
  app.get('/admin/sections/:id', async (c) => c.html(<SectionEditPage section={await section(c, idParam(c, 'section'))} csrfToken={c.var.csrfToken} />));
  app.post('/admin/sections/:id', async (c) => {
    const id = idParam(c, 'section');
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await desk.updateSection(c.var.user, id, { name: f.name ?? '', description: f.description, position: intField(f.position) });
        return toastRedirect(c, '/admin/sections', 'saved');
      },
      async (refusal, status) => c.html(<SectionEditPage section={await section(c, id)} csrfToken={c.var.csrfToken} refusal={refusal} values={f} />, status),
    );
  });

  const authorInput = (f: Record<string, string>) => ({ name: f.name ?? '', slug: f.slug?.trim() || undefined, bio: f.bio ?? '', photoUrl: f.photoUrl?.trim() || null });
  const authorsPage = async (c: Ctx, state: Omit<PageState, 'csrfToken'> = {}) => {
    const { rows, sort } = ordered(c, await desk.authors(c.var.user), authorSort, { key: 'name', dir: 'asc' });
    return <AuthorsPage authors={rows} sort={sort} csrfToken={c.var.csrfToken} {...state} />;
  };
  app.get('/admin/authors', async (c) => c.html(await authorsPage(c)));
  app.post('/admin/authors', async (c) => {
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await desk.saveAuthor(c.var.user, undefined, authorInput(f));
        return toastRedirect(c, '/admin/authors', 'created');
      },
      async (refusal, status) => c.html(await authorsPage(c, { refusal, values: f }), status),
      { conflictField: 'slug' },
    );
  });
  const author = async (c: Ctx, id: number) => found((await desk.authors(c.var.user)).find((a) => a.id === id), 'author');
  app.get('/admin/authors/:id', async (c) => c.html(<AuthorEditPage author={await author(c, idParam(c, 'author'))} csrfToken={c.var.csrfToken} />));
  app.post('/admin/authors/:id', async (c) => {
    const id = idParam(c, 'author');
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await desk.saveAuthor(c.var.user, id, authorInput(f));
        return toastRedirect(c, '/admin/authors', 'saved');
      },
      async (refusal, status) => c.html(<AuthorEditPage author={await author(c, id)} csrfToken={c.var.csrfToken} refusal={refusal} values={f} />, status),
      { conflictField: 'slug' },
    );
  });

  const topicsPage = async (c: Ctx, state: Omit<PageState, 'csrfToken'> & { form?: TopicsForm } = {}) => {
    const { rows, sort } = ordered(c, await topics.list(c.var.user), topicSort, { key: 'name', dir: 'asc' });
    return <TopicsPage topics={rows} sort={sort} csrfToken={c.var.csrfToken} {...state} />;
  };
  app.get('/admin/topics', async (c) => c.html(await topicsPage(c)));
  app.post('/admin/topics', async (c) => {
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await desk.addTopic(c.var.user, { name: f.name ?? '', slug: f.slug?.trim() || undefined });
        return toastRedirect(c, '/admin/topics', 'created');
      },
      async (refusal, status) => c.html(await topicsPage(c, { refusal, values: f, form: 'add' }), status),
      { conflictField: 'slug' },
    );
  });
  app.post('/admin/topics/merge', async (c) => {
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await desk.mergeTopics(c.var.user, intField(f.from) ?? 0, intField(f.into) ?? 0);
        return toastRedirect(c, '/admin/topics', 'merged');
      },
      async (refusal, status) => c.html(await topicsPage(c, { refusal, values: f, form: 'merge' }), status),
    );
  });
  app.post('/admin/topics/:id/accept', async (c) => {
    await topics.accept(c.var.user, idParam(c, 'topic'));
    return toastRedirect(c, '/admin/topics', 'accepted');
  });
  app.post('/admin/topics/:id/reject', async (c) => {
    await topics.reject(c.var.user, idParam(c, 'topic'));
    return toastRedirect(c, '/admin/topics', 'rejected');
  });
  app.post('/admin/topics/:id/merge', async (c) => {
    const id = idParam(c, 'topic');
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await topics.merge(c.var.user, id, intField(f.into) ?? 0);
        return toastRedirect(c, '/admin/topics', 'merged');
      },
      async (refusal, status) => c.html(await topicsPage(c, { refusal, form: { proposal: id } }), status),
      // The proposal's id comes checked from the address, so an id the service refuses is the chosen one.
      { rename: { id: 'into' } },
    );
  });
  const topic = async (c: Ctx, id: number) => found((await topics.list(c.var.user)).find((t) => t.id === id), 'topic');
  app.get('/admin/topics/:id', async (c) => c.html(<TopicEditPage topic={await topic(c, idParam(c, 'topic'))} csrfToken={c.var.csrfToken} />));
  app.post('/admin/topics/:id', async (c) => {
    const id = idParam(c, 'topic');
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await desk.renameTopic(c.var.user, id, f.name ?? '');
        return toastRedirect(c, '/admin/topics', 'saved');
      },
      async (refusal, status) => c.html(<TopicEditPage topic={await topic(c, id)} csrfToken={c.var.csrfToken} refusal={refusal} values={f} form="rename" />, status),
    );
  });
  app.post('/admin/topics/:id/aliases', async (c) => {
    const id = idParam(c, 'topic');
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await topics.addAlias(c.var.user, id, f.alias ?? '');
        return toastRedirect(c, `/admin/topics/${id}`, 'alias-added');
      },
      async (refusal, status) => c.html(<TopicEditPage topic={await topic(c, id)} csrfToken={c.var.csrfToken} refusal={refusal} values={f} form="alias" />, status),
      // The service checks an alias as a topic name.
      { conflictField: 'alias', rename: { name: 'alias' } },
    );
  });
  app.post('/admin/topics/:id/aliases/:alias/delete', async (c) => {
    const id = idParam(c, 'topic');
    await topics.removeAlias(c.var.user, id, Number(c.req.param('alias')));
    return toastRedirect(c, `/admin/topics/${id}`, 'alias-removed');
  });

  const issueInput = (f: Record<string, string>) => ({ number: intField(f.number) as number, date: f.date ?? '', title: f.title ?? '', coverUrl: f.coverUrl?.trim() || null });
  const issuesPage = async (c: Ctx, state: Omit<PageState, 'csrfToken'> = {}) => {
    const { rows, sort } = ordered(c, await desk.printIssues(c.var.user), issueSort, { key: 'number', dir: 'desc' });
    return <PrintIssuesPage issues={rows} sort={sort} csrfToken={c.var.csrfToken} {...state} />;
  };
  app.get('/admin/print-issues', async (c) => c.html(await issuesPage(c)));
  app.post('/admin/print-issues', async (c) => {
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await desk.savePrintIssue(c.var.user, undefined, issueInput(f));
        return toastRedirect(c, '/admin/print-issues', 'created');
      },
      async (refusal, status) => c.html(await issuesPage(c, { refusal, values: f }), status),
      { conflictField: 'number' },
    );
  });
  const issue = async (c: Ctx, id: number) => found((await desk.printIssues(c.var.user)).find((i) => i.id === id), 'print issue');
  app.get('/admin/print-issues/:id', async (c) => c.html(<PrintIssueEditPage issue={await issue(c, idParam(c, 'print issue'))} csrfToken={c.var.csrfToken} />));
  app.post('/admin/print-issues/:id', async (c) => {
    const id = idParam(c, 'print issue');
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await desk.savePrintIssue(c.var.user, id, issueInput(f));
        return toastRedirect(c, '/admin/print-issues', 'saved');
      },
      async (refusal, status) => c.html(<PrintIssueEditPage issue={await issue(c, id)} csrfToken={c.var.csrfToken} refusal={refusal} values={f} />, status),
      { conflictField: 'number' },
    );
  });

  return app;
}
