import type { FC } from 'hono/jsx';
import type { Author, PrintIssue, Section } from '../../../content/taxonomy.js';
import type { DeskTopic } from '../../../topics/topic-store.js';
import { renderableUrl } from '../../../content/urls.js';
import { AdminLayout } from '../../components/AdminLayout.js';
import { Button } from '../../components/Button.js';
import { Field, FormError, PostForm, TextArea } from '../../components/Form.js';

type Values = Record<string, string | undefined>;

export interface PageState {
  csrfToken: string;
  error?: string;
  values?: Values;
}

export const SectionsPage: FC<PageState & { sections: Section[] }> = ({ sections, csrfToken, error, values = {} }) => (
  <AdminLayout title="Sections">
    <div class="table-frame">
    <table class="data-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Slug</th>
          <th scope="col">Position</th>
        </tr>
      </thead>
      <tbody>
        {sections.map((s) => (
          <tr>
            <td>
              <a href={`/admin/sections/${s.id}`}>{s.name}</a>
            </td>
            <td>{s.slug}</td>
            <td>{s.position}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
    <h2 id="add-section">Add a section</h2>
    <FormError message={error} />
    <PostForm action="/admin/sections" csrfToken={csrfToken} label="Add a section">
      <Field id="section-name" label="Name" name="name" value={values.name} required />
      <Field id="section-slug" label="Slug" name="slug" value={values.slug} required hint="Lower-case words joined by hyphens; part of the section's URL." />
      <TextArea id="section-description" label="Description" name="description" value={values.description} />
      <Field id="section-position" label="Position" name="position" type="number" value={values.position ?? '0'} />
      <p>
        <Button variant="primary">Add section</Button>
      </p>
    </PostForm>
  </AdminLayout>
);

export const SectionEditPage: FC<PageState & { section: Section }> = ({ section, csrfToken, error, values }) => {
  const v = values ?? { name: section.name, description: section.description, position: String(section.position) };
  return (
    <AdminLayout title={`Section: ${section.name}`}>
      <p>
        URL: <a href={`/${section.slug}`}>/{section.slug}</a>
      </p>
      <FormError message={error} />
      <PostForm action={`/admin/sections/${section.id}`} csrfToken={csrfToken}>
        <Field id="section-name" label="Name" name="name" value={v.name} required />
        <TextArea id="section-description" label="Description" name="description" value={v.description} />
        <Field id="section-position" label="Position" name="position" type="number" value={v.position} />
        <p>
          <Button variant="primary">Save section</Button>
        </p>
      </PostForm>
    </AdminLayout>
  );
};

const AuthorFields: FC<{ v: Values }> = ({ v }) => (
  <>
    <Field id="author-name" label="Name" name="name" value={v.name} required />
    <Field id="author-slug" label="Slug" name="slug" value={v.slug} hint="Part of the author page's URL; made from the name when empty." />
    <TextArea id="author-bio" label="Bio" name="bio" value={v.bio} />
    <Field id="author-photo" label="Photo URL" name="photoUrl" value={v.photoUrl} hint="https://… or a /media/… path" />
  </>
);

export const AuthorsPage: FC<PageState & { authors: Author[] }> = ({ authors, csrfToken, error, values = {} }) => (
  <AdminLayout title="Authors">
    <ul>
      {authors.map((a) => (
        <li>
          <a href={`/admin/authors/${a.id}`}>{a.name}</a> (/author/{a.slug})
        </li>
      ))}
    </ul>
    <h2>Add an author</h2>
    <FormError message={error} />
    <PostForm action="/admin/authors" csrfToken={csrfToken} label="Add an author">
      <AuthorFields v={values} />
      <p>
        <Button variant="primary">Add author</Button>
      </p>
    </PostForm>
  </AdminLayout>
);

export const AuthorEditPage: FC<PageState & { author: Author }> = ({ author, csrfToken, error, values }) => {
  const photo = renderableUrl(author.photo_url);
  return (
    <AdminLayout title={`Author: ${author.name}`}>
      {photo && <img src={photo} alt="" width={96} />}
      <FormError message={error} />
      <PostForm action={`/admin/authors/${author.id}`} csrfToken={csrfToken}>
        <AuthorFields v={values ?? { name: author.name, slug: author.slug, bio: author.bio, photoUrl: author.photo_url ?? '' }} />
        <p>
          <Button variant="primary">Save author</Button>
        </p>
      </PostForm>
    </AdminLayout>
  );
};

export type TopicRow = DeskTopic;

const TopicSelect: FC<{ id: string; name: string; label: string; topics: TopicRow[]; selected?: string }> = ({ id, name, label, topics, selected }) => (
  <p>
    <label for={id}>{label}</label>
    <br />
    <select id={id} name={name} required>
      <option value="">Choose a topic</option>
      {topics.map((t) => (
        <option value={String(t.id)} selected={selected === String(t.id)}>
          {t.name} ({t.slug})
        </option>
      ))}
    </select>
  </p>
);

/** Proposals from topic suggestion: no public page until accepted here. */
const ProposedTopics: FC<{ proposals: TopicRow[]; topics: TopicRow[]; csrfToken: string }> = ({ proposals, topics, csrfToken }) => (
  <section aria-labelledby="proposed-topics">
    <h2 id="proposed-topics">Proposed topics</h2>
    <p>Topic suggestion proposed these while importing. They have no public page and show on no article until accepted.</p>
    {proposals.length === 0 ? (
      <p>No topics are waiting for review.</p>
    ) : (
      <div class="table-frame">
    <table class="data-table">
        <thead>
          <tr>
            <th scope="col">Proposed topic</th>
            <th scope="col">Articles</th>
            <th scope="col">Review</th>
          </tr>
        </thead>
        <tbody>
          {proposals.map((t) => (
            <tr>
              <td>
                {t.name} ({t.slug})
              </td>
              <td>{t.articles}</td>
              <td>
                <PostForm action={`/admin/topics/${t.id}/accept`} csrfToken={csrfToken} label={`Accept ${t.name}`}>
                  <Button variant="secondary">Accept</Button>
                </PostForm>
                <PostForm action={`/admin/topics/${t.id}/merge`} csrfToken={csrfToken} label={`Merge ${t.name} into a topic`}>
                  <TopicSelect id={`merge-proposal-${t.id}`} name="into" label="Merge into" topics={topics} />
                  <Button variant="secondary">Merge</Button>
                </PostForm>
                <PostForm action={`/admin/topics/${t.id}/reject`} csrfToken={csrfToken} label={`Reject ${t.name}`}>
                  <Button variant="danger">Reject</Button>
                </PostForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    )}
  </section>
);

export const TopicsPage: FC<PageState & { topics: TopicRow[]; notice?: string }> = ({ topics: all, csrfToken, error, values = {}, notice }) => {
  const topics = all.filter((t) => t.reviewed);
  return (
    <AdminLayout title="Topics">
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <FormError message={error} />
      <div class="table-frame">
    <table class="data-table">
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Slug</th>
            <th scope="col">Also known as</th>
            <th scope="col">Articles</th>
          </tr>
        </thead>
        <tbody>
          {topics.map((t) => (
            <tr>
              <td>
                <a href={`/admin/topics/${t.id}`}>{t.name}</a>
              </td>
              <td>{t.slug}</td>
              <td>{t.aliases.map((a) => a.name).join(', ')}</td>
              <td>{t.articles}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
      <ProposedTopics proposals={all.filter((t) => !t.reviewed)} topics={topics} csrfToken={csrfToken} />
      <h2>Add a topic</h2>
      <PostForm action="/admin/topics" csrfToken={csrfToken} label="Add a topic">
        <Field id="topic-name" label="Name" name="name" value={values.name} required />
        <Field id="topic-slug" label="Slug" name="slug" value={values.slug} hint="Made from the name when empty." />
        <p>
          <Button variant="primary">Add topic</Button>
        </p>
      </PostForm>
      <h2>Merge two topics</h2>
      <p>The articles of the first topic move to the second; the first topic's address then redirects to the second.</p>
      <PostForm action="/admin/topics/merge" csrfToken={csrfToken} label="Merge two topics">
        <TopicSelect id="merge-from" name="from" label="Merge this topic" topics={topics} selected={values.from} />
        <TopicSelect id="merge-into" name="into" label="into this topic (kept)" topics={topics} selected={values.into} />
        <p>
          <Button variant="primary">Merge topics</Button>
        </p>
      </PostForm>
    </AdminLayout>
  );
};

export const TopicEditPage: FC<PageState & { topic: TopicRow }> = ({ topic, csrfToken, error, values }) => (
  <AdminLayout title={`Topic: ${topic.name}`}>
    <p>
      {topic.reviewed ? (
        <>
          URL: <a href={`/topic/${topic.slug}`}>/topic/{topic.slug}</a>
        </>
      ) : (
        <>Proposed, awaiting review: no public page yet</>
      )}
      ; {topic.articles} articles.
    </p>
    <FormError message={error} />
    <PostForm action={`/admin/topics/${topic.id}`} csrfToken={csrfToken}>
      <Field id="topic-name" label="Name" name="name" value={values?.name ?? topic.name} required />
      <p>
        <Button variant="primary">Save topic</Button>
      </p>
    </PostForm>
    <h2>Also known as</h2>
    <p>Imports and topic suggestion attach these names to this topic, whatever their case and accents.</p>
    {topic.aliases.length > 0 && (
      <ul>
        {topic.aliases.map((a) => (
          <li>
            {a.name}{' '}
            <PostForm action={`/admin/topics/${topic.id}/aliases/${a.id}/delete`} csrfToken={csrfToken} label={`Remove the alias ${a.name}`}>
              <Button variant="danger">Remove</Button>
            </PostForm>
          </li>
        ))}
      </ul>
    )}
    <PostForm action={`/admin/topics/${topic.id}/aliases`} csrfToken={csrfToken} label="Add an alias">
      <Field id="topic-alias" label="Alias" name="alias" value={values?.alias} required />
      <p>
        <Button variant="primary">Add alias</Button>
      </p>
    </PostForm>
  </AdminLayout>
);

const IssueFields: FC<{ v: Values }> = ({ v }) => (
  <>
    <Field id="issue-number" label="Number" name="number" type="number" value={v.number} required />
    <Field id="issue-date" label="Date" name="date" type="date" value={v.date} required />
    <Field id="issue-title" label="Title" name="title" value={v.title} />
    <Field id="issue-cover" label="Cover image URL" name="coverUrl" value={v.coverUrl} />
  </>
);

export const PrintIssuesPage: FC<PageState & { issues: PrintIssue[] }> = ({ issues, csrfToken, error, values = {} }) => (
  <AdminLayout title="Print issues">
    <ul>
      {issues.map((i) => (
        <li>
          <a href={`/admin/print-issues/${i.id}`}>
            No. {i.number}, {i.issue_date}
          </a>{' '}
          {i.title}
        </li>
      ))}
    </ul>
    <h2>Add a print issue</h2>
    <FormError message={error} />
    <PostForm action="/admin/print-issues" csrfToken={csrfToken} label="Add a print issue">
      <IssueFields v={values} />
      <p>
        <Button variant="primary">Add print issue</Button>
      </p>
    </PostForm>
  </AdminLayout>
);

export const PrintIssueEditPage: FC<PageState & { issue: PrintIssue }> = ({ issue, csrfToken, error, values }) => (
  <AdminLayout title={`Print issue ${issue.number}`}>
    <FormError message={error} />
    <PostForm action={`/admin/print-issues/${issue.id}`} csrfToken={csrfToken}>
      <IssueFields v={values ?? { number: String(issue.number), date: issue.issue_date, title: issue.title, coverUrl: issue.cover_url ?? '' }} />
      <p>
        <Button variant="primary">Save print issue</Button>
      </p>
    </PostForm>
  </AdminLayout>
);
