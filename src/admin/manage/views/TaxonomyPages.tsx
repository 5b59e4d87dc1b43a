import type { Child, FC } from 'hono/jsx';
import type { Author, PrintIssue, Section } from '../../../content/taxonomy.js';
import { renderableUrl } from '../../../content/urls.js';
import type { DeskTopic } from '../../../topics/topic-store.js';
import { AdminLayout } from '../../components/AdminLayout.js';
import { Button, LinkButton } from '../../components/Button.js';
import { ConfirmForm } from '../../components/ConfirmForm.js';
import { DataTable } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Field, PostForm, Select, TextArea } from '../../components/Form.js';
import { formatInZone } from '../../time.js';
import type { Refusal } from '../refusal.js';
import { sortLink, type TableSort } from '../table-sort.js';
import { refusedFields } from './refused-fields.js';

type Values = Record<string, string | undefined>;

export interface PageState {
  csrfToken: string;
  /** A refused save: its problems show on the fields of the form that was sent. */
  refusal?: Refusal;
  /** What was typed into that form, shown again. */
  values?: Values;
}

/** A list page's state: its order, from the column headers. */
interface ListState extends PageState {
  sort: TableSort;
}

const sectionFields = {
  name: { id: 'section-name', label: 'Name' },
  slug: { id: 'section-slug', label: 'Slug' },
  description: { id: 'section-description', label: 'Description' },
  position: { id: 'section-position', label: 'Position' },
};

const SectionFields: FC<{ v: Values; errors: Record<string, string>; withSlug: boolean }> = ({ v, errors, withSlug }) => {
  const f = sectionFields;
  return (
    <>
      <Field id={f.name.id} label={f.name.label} name="name" value={v.name} error={errors.name} required />
      {withSlug && (
        <Field id={f.slug.id} label={f.slug.label} name="slug" value={v.slug} error={errors.slug} required hint="Lower-case words joined by hyphens; part of the section's URL." />
      )}
      <TextArea id={f.description.id} label={f.description.label} name="description" value={v.description} error={errors.description} />
      <Field id={f.position.id} label={f.position.label} name="position" type="number" value={v.position} error={errors.position} hint="Sections are listed on the site from the lowest position up." />
    </>
  );
};

export const SectionsPage: FC<ListState & { sections: Section[] }> = ({ sections, sort, csrfToken, refusal, values = {} }) => {
  const { errors, summary } = refusedFields(refusal, sectionFields);
  const add = <LinkButton href="#add-section">Add a section</LinkButton>;
  return (
    <AdminLayout title="Sections" width="wide" actions={sections.length > 0 && add}>
      {sections.length === 0 ? (
        <EmptyState title="No sections yet">Every article belongs to a section: add the first below.</EmptyState>
      ) : (
        <DataTable
          caption="Sections"
          columns={[
            { key: 'name', label: 'Name', sortable: true },
            { key: 'slug', label: 'Address', sortable: true },
            { key: 'description', label: 'Description', wide: true },
            { key: 'position', label: 'Position', sortable: true, numeric: true },
          ]}
          sort={sort}
          sortHref={sortLink('/admin/sections')}
        >
          {sections.map((s) => (
            <tr>
              <td>
                <a href={`/admin/sections/${s.id}`}>{s.name}</a>
              </td>
              <td>/{s.slug}</td>
              <td class="wide">{s.description}</td>
              <td class="num">{s.position}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <section aria-labelledby="add-section-heading" id="add-section" class="panel">
        <h2 id="add-section-heading">Add a section</h2>
        {summary}
        <PostForm action="/admin/sections" csrfToken={csrfToken} label="Add a section">
          <SectionFields v={{ position: '0', ...values }} errors={errors} withSlug />
          <div class="button-row">
            <Button variant="primary">Add section</Button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  );
};

export const SectionEditPage: FC<PageState & { section: Section }> = ({ section, csrfToken, refusal, values }) => {
  const v = values ?? { name: section.name, description: section.description, position: String(section.position) };
  const { errors, summary } = refusedFields(refusal, sectionFields);
  return (
    <AdminLayout title={`Section: ${section.name}`} actions={<LinkButton href={`/${section.slug}`}>View on the site</LinkButton>}>
      <p class="meta">Address: /{section.slug} (a section's address does not change once articles are filed under it).</p>
      {summary}
      <PostForm action={`/admin/sections/${section.id}`} csrfToken={csrfToken} label={`Edit the section ${section.name}`}>
        <SectionFields v={v} errors={errors} withSlug={false} />
        <div class="button-row">
          <Button variant="primary">Save section</Button>
          <LinkButton href="/admin/sections" variant="quiet">
            Cancel
          </LinkButton>
        </div>
      </PostForm>
    </AdminLayout>
  );
};

const authorFields = {
  name: { id: 'author-name', label: 'Name' },
  slug: { id: 'author-slug', label: 'Slug' },
  bio: { id: 'author-bio', label: 'Bio' },
  photoUrl: { id: 'author-photo', label: 'Photo URL' },
};

const AuthorFields: FC<{ v: Values; errors: Record<string, string> }> = ({ v, errors }) => {
  const f = authorFields;
  return (
    <>
      <Field id={f.name.id} label={f.name.label} name="name" value={v.name} error={errors.name} required />
      <Field id={f.slug.id} label={f.slug.label} name="slug" value={v.slug} error={errors.slug} hint="Part of the author page's URL; made from the name when empty." />
      <TextArea id={f.bio.id} label={f.bio.label} name="bio" value={v.bio} error={errors.bio} />
      <Field id={f.photoUrl.id} label={f.photoUrl.label} name="photoUrl" value={v.photoUrl} error={errors.photoUrl} hint="https://… or a /media/… path" />
    </>
  );
};

export const AuthorsPage: FC<ListState & { authors: Author[] }> = ({ authors, sort, csrfToken, refusal, values = {} }) => {
  const { errors, summary } = refusedFields(refusal, authorFields);
  return (
    <AdminLayout title="Authors" width="wide" actions={authors.length > 0 && <LinkButton href="#add-author">Add an author</LinkButton>}>
      {authors.length === 0 ? (
        <EmptyState title="No authors yet">Bylines name authors; an author needs no account.</EmptyState>
      ) : (
        <DataTable
          caption="Authors"
          columns={[
            { key: 'name', label: 'Name', sortable: true },
            { key: 'slug', label: 'Author page', sortable: true },
            { key: 'bio', label: 'Bio', wide: true },
          ]}
          sort={sort}
          sortHref={sortLink('/admin/authors')}
        >
          {authors.map((a) => (
            <tr>
              <td>
                <a href={`/admin/authors/${a.id}`}>{a.name}</a>
              </td>
              <td>/author/{a.slug}</td>
              <td class="wide">{a.bio}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <section aria-labelledby="add-author-heading" id="add-author" class="panel">
        <h2 id="add-author-heading">Add an author</h2>
        {summary}
        <PostForm action="/admin/authors" csrfToken={csrfToken} label="Add an author">
          <AuthorFields v={values} errors={errors} />
          <div class="button-row">
            <Button variant="primary">Add author</Button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  );
};

export const AuthorEditPage: FC<PageState & { author: Author }> = ({ author, csrfToken, refusal, values }) => {
  const photo = renderableUrl(author.photo_url);
  const { errors, summary } = refusedFields(refusal, authorFields);
  return (
    <AdminLayout title={`Author: ${author.name}`} actions={<LinkButton href={`/author/${author.slug}`}>View on the site</LinkButton>}>
      {photo && <img src={photo} alt="" width={96} />}
      {summary}
      <PostForm action={`/admin/authors/${author.id}`} csrfToken={csrfToken} label={`Edit the author ${author.name}`}>
        <AuthorFields v={values ?? { name: author.name, slug: author.slug, bio: author.bio, photoUrl: author.photo_url ?? '' }} errors={errors} />
        <div class="button-row">
          <Button variant="primary">Save author</Button>
          <LinkButton href="/admin/authors" variant="quiet">
            Cancel
          </LinkButton>
        </div>
      </PostForm>
    </AdminLayout>
  );
};

export type TopicRow = DeskTopic;

const TopicSelect: FC<{ id: string; name: string; label: string; topics: TopicRow[]; selected?: string; error?: string }> = ({ id, name, label, topics, selected, error }) => (
  <Select
    id={id}
    name={name}
    label={label}
    value={selected ?? ''}
    error={error}
    required
    options={[{ value: '', label: 'Choose a topic' }, ...topics.map((t) => ({ value: String(t.id), label: `${t.name} (${t.slug})` }))]}
  />
);

/** Proposals from topic suggestion: no public page until accepted here. */
const ProposedTopics: FC<{ proposals: TopicRow[]; topics: TopicRow[]; csrfToken: string; refusedId?: number; errors: Record<string, string> }> = ({
  proposals,
  topics,
  csrfToken,
  refusedId,
  errors,
}) => (
  <section aria-labelledby="proposed-topics">
    <h2 id="proposed-topics">Proposed topics</h2>
    <p>Topic suggestion proposed these while importing. They have no public page and show on no article until accepted.</p>
    {proposals.length === 0 ? (
      <EmptyState title="No topics are waiting for review">Imports propose topics here when an article names one the newsroom does not have.</EmptyState>
    ) : (
      <DataTable
        caption="Proposed topics"
        columns={[
          { key: 'name', label: 'Proposed topic' },
          { key: 'articles', label: 'Articles', numeric: true },
          { key: 'review', label: 'Review' },
        ]}
      >
        {proposals.map((t) => (
          <tr>
            <td>
              {t.name} ({t.slug})
            </td>
            <td class="num">{t.articles}</td>
            <td>
              <div class="button-row">
                <PostForm action={`/admin/topics/${t.id}/accept`} csrfToken={csrfToken} label={`Accept ${t.name}`}>
                  <Button variant="secondary">Accept</Button>
                </PostForm>
                <ConfirmForm
                  action={`/admin/topics/${t.id}/merge`}
                  csrfToken={csrfToken}
                  label="Merge"
                  question={`Merge “${t.name}” into the chosen topic? Its articles move there and its name becomes an alias.`}
                  open={refusedId === t.id}
                >
                  <TopicSelect id={`merge-proposal-${t.id}`} name="into" label="Merge into" topics={topics} error={refusedId === t.id ? errors.into : undefined} />
                </ConfirmForm>
                <ConfirmForm
                  action={`/admin/topics/${t.id}/reject`}
                  csrfToken={csrfToken}
                  label="Reject"
                  question={`Reject “${t.name}”? The proposal and its suggestions on ${t.articles} article(s) are deleted.`}
                />
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
    )}
  </section>
);

const topicFields = {
  name: { id: 'topic-name', label: 'Name' },
  slug: { id: 'topic-slug', label: 'Slug' },
};
const mergeFields = {
  from: { id: 'merge-from', label: 'Merge this topic' },
  into: { id: 'merge-into', label: 'Into this topic (kept)' },
};

/** Which of the topics page's forms a refusal belongs to: its fields are shown on that form alone. */
export type TopicsForm = 'add' | 'merge' | { proposal: number };

export const TopicsPage: FC<ListState & { topics: TopicRow[]; form?: TopicsForm }> = ({ topics: all, sort, csrfToken, refusal, values = {}, form }) => {
  const topics = all.filter((t) => t.reviewed);
  const proposals = all.filter((t) => !t.reviewed);
  const add = refusedFields(form === 'add' ? refusal : undefined, topicFields);
  const merge = refusedFields(form === 'merge' ? refusal : undefined, mergeFields);
  const proposal = typeof form === 'object' ? refusedFields(refusal, { into: { id: `merge-proposal-${form.proposal}`, label: 'Merge into' } }) : undefined;
  return (
    <AdminLayout
      title="Topics"
      width="wide"
      actions={
        <>
          {proposals.length > 0 && <LinkButton href="#proposed-topics">{`Review ${proposals.length} proposed`}</LinkButton>}
          <LinkButton href="#add-topic">Add a topic</LinkButton>
        </>
      }
    >
      {proposal?.summary}
      {topics.length === 0 ? (
        <EmptyState title="No topics yet">Topics gather articles on one subject across sections, each with its own page and feed.</EmptyState>
      ) : (
        <DataTable
          caption="Topics"
          columns={[
            { key: 'name', label: 'Topic', sortable: true },
            { key: 'slug', label: 'Slug', sortable: true, wide: true },
            { key: 'aliases', label: 'Also known as' },
            { key: 'articles', label: 'Articles', sortable: true, numeric: true },
          ]}
          sort={sort}
          sortHref={sortLink('/admin/topics')}
        >
          {topics.map((t) => (
            <tr>
              <td>
                <a href={`/admin/topics/${t.id}`}>{t.name}</a>
              </td>
              <td class="wide">{t.slug}</td>
              <td>{t.aliases.map((a) => a.name).join(', ')}</td>
              <td class="num">{t.articles}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <ProposedTopics proposals={proposals} topics={topics} csrfToken={csrfToken} refusedId={typeof form === 'object' ? form.proposal : undefined} errors={proposal?.errors ?? {}} />
      <section aria-labelledby="add-topic-heading" id="add-topic" class="panel">
        <h2 id="add-topic-heading">Add a topic</h2>
        {add.summary}
        <PostForm action="/admin/topics" csrfToken={csrfToken} label="Add a topic">
          <Field id={topicFields.name.id} label={topicFields.name.label} name="name" value={form === 'add' ? values.name : undefined} error={add.errors.name} required />
          <Field
            id={topicFields.slug.id}
            label={topicFields.slug.label}
            name="slug"
            value={form === 'add' ? values.slug : undefined}
            error={add.errors.slug}
            hint="Part of the topic page's URL; made from the name when empty."
          />
          <div class="button-row">
            <Button variant="primary">Add topic</Button>
          </div>
        </PostForm>
      </section>
      {topics.length > 1 && (
        <section aria-labelledby="merge-topics-heading" class="panel">
          <h2 id="merge-topics-heading">Merge two topics</h2>
          <p>The articles of the first topic move to the second; the first topic's address then redirects to the second.</p>
          {merge.summary}
          <ConfirmForm
            action="/admin/topics/merge"
            csrfToken={csrfToken}
            label="Merge topics"
            question="Merge them? The first topic is deleted; this cannot be undone."
            open={form === 'merge'}
          >
            <TopicSelect id={mergeFields.from.id} name="from" label={mergeFields.from.label} topics={topics} selected={form === 'merge' ? values.from : undefined} error={merge.errors.from} />
            <TopicSelect id={mergeFields.into.id} name="into" label={mergeFields.into.label} topics={topics} selected={form === 'merge' ? values.into : undefined} error={merge.errors.into} />
          </ConfirmForm>
        </section>
      )}
    </AdminLayout>
  );
};

/** Which of a topic page's two forms a refusal belongs to. */
export type TopicForm = 'rename' | 'alias';

export const TopicEditPage: FC<PageState & { topic: TopicRow; form?: TopicForm }> = ({ topic, csrfToken, refusal, values, form }) => {
  const rename = refusedFields(form === 'rename' ? refusal : undefined, { name: topicFields.name });
  const alias = refusedFields(form === 'alias' ? refusal : undefined, { alias: { id: 'topic-alias', label: 'Alias' } });
  return (
    <AdminLayout title={`Topic: ${topic.name}`} actions={topic.reviewed && <LinkButton href={`/topic/${topic.slug}`}>View on the site</LinkButton>}>
      <p class="meta">
        {topic.reviewed ? `Address: /topic/${topic.slug}` : 'Proposed, awaiting review: no public page yet'}; {topic.articles} article(s).
      </p>
      {rename.summary}
      <PostForm action={`/admin/topics/${topic.id}`} csrfToken={csrfToken} label={`Rename the topic ${topic.name}`}>
        <Field id={topicFields.name.id} label={topicFields.name.label} name="name" value={form === 'rename' ? values?.name : topic.name} error={rename.errors.name} required />
        <div class="button-row">
          <Button variant="primary">Save topic</Button>
          <LinkButton href="/admin/topics" variant="quiet">
            Cancel
          </LinkButton>
        </div>
      </PostForm>
      <section aria-labelledby="topic-aliases">
        <h2 id="topic-aliases">Also known as</h2>
        <p>Imports and topic suggestion attach these names to this topic, whatever their case and accents.</p>
        {topic.aliases.length === 0 ? (
          <EmptyState title="No other names yet">Add one below, such as “EU” for “European Union”.</EmptyState>
        ) : (
          <DataTable
            caption={`Other names of ${topic.name}`}
            columns={[
              { key: 'alias', label: 'Alias' },
              { key: 'remove', label: 'Remove' },
            ]}
          >
            {topic.aliases.map((a) => (
              <tr>
                <td>{a.name}</td>
                <td>
                  <ConfirmForm
                    action={`/admin/topics/${topic.id}/aliases/${a.id}/delete`}
                    csrfToken={csrfToken}
                    label="Remove"
                    question={`Remove the alias “${a.name}”? Imports will no longer attach it to ${topic.name}.`}
                  />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {alias.summary}
        <PostForm action={`/admin/topics/${topic.id}/aliases`} csrfToken={csrfToken} label="Add an alias">
          <Field id="topic-alias" label="Alias" name="alias" value={form === 'alias' ? values?.alias : undefined} error={alias.errors.alias} required />
          <div class="button-row">
            <Button variant="primary">Add alias</Button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  );
};

const issueFields = {
  number: { id: 'issue-number', label: 'Number' },
  date: { id: 'issue-date', label: 'Date' },
  title: { id: 'issue-title', label: 'Title' },
  coverUrl: { id: 'issue-cover', label: 'Cover image URL' },
};

const IssueFields: FC<{ v: Values; errors: Record<string, string> }> = ({ v, errors }) => {
  const f = issueFields;
  return (
    <>
      <Field id={f.number.id} label={f.number.label} name="number" type="number" value={v.number} error={errors.number} required />
      <Field id={f.date.id} label={f.date.label} name="date" type="date" value={v.date} error={errors.date} required hint="The cover date." />
      <Field id={f.title.id} label={f.title.label} name="title" value={v.title} error={errors.title} />
      <Field id={f.coverUrl.id} label={f.coverUrl.label} name="coverUrl" value={v.coverUrl} error={errors.coverUrl} hint="https://… or a /media/… path" />
    </>
  );
};

/** A cover date is a calendar day, not an instant: it reads the same in every zone. */
const CoverDate: FC<{ date: string }> = ({ date }) => <time datetime={date}>{formatInZone(`${date}T12:00:00Z`, 'UTC', 'date')}</time>;

export const PrintIssuesPage: FC<ListState & { issues: PrintIssue[] }> = ({ issues, sort, csrfToken, refusal, values = {} }) => {
  const { errors, summary } = refusedFields(refusal, issueFields);
  return (
    <AdminLayout title="Print issues" width="wide" actions={issues.length > 0 && <LinkButton href="#add-issue">Add a print issue</LinkButton>}>
      {issues.length === 0 ? (
        <EmptyState title="No print issues yet">Articles that ran in print can name their issue; readers browse the archive by issue.</EmptyState>
      ) : (
        <DataTable
          caption="Print issues"
          columns={[
            { key: 'number', label: 'No.', sortable: true, numeric: true },
            { key: 'date', label: 'Date', sortable: true },
            { key: 'title', label: 'Title', sortable: true },
          ]}
          sort={sort}
          sortHref={sortLink('/admin/print-issues')}
        >
          {issues.map((i) => (
            <tr>
              <td class="num">
                <a href={`/admin/print-issues/${i.id}`}>No. {i.number}</a>
              </td>
              <td>
                <CoverDate date={i.issue_date} />
              </td>
              <td>{i.title}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <section aria-labelledby="add-issue-heading" id="add-issue" class="panel">
        <h2 id="add-issue-heading">Add a print issue</h2>
        {summary}
        <PostForm action="/admin/print-issues" csrfToken={csrfToken} label="Add a print issue">
          <IssueFields v={values} errors={errors} />
          <div class="button-row">
            <Button variant="primary">Add print issue</Button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  );
};

export const PrintIssueEditPage: FC<PageState & { issue: PrintIssue }> = ({ issue, csrfToken, refusal, values }) => {
  const { errors, summary } = refusedFields(refusal, issueFields);
  return (
    <AdminLayout title={`Print issue ${issue.number}`} actions={<LinkButton href={`/issue/${issue.number}`}>View on the site</LinkButton>}>
      <p class="meta">
        Cover date <CoverDate date={issue.issue_date} />
      </p>
      {summary}
      <PostForm action={`/admin/print-issues/${issue.id}`} csrfToken={csrfToken} label={`Edit print issue ${issue.number}`}>
        <IssueFields v={values ?? { number: String(issue.number), date: issue.issue_date, title: issue.title, coverUrl: issue.cover_url ?? '' }} errors={errors} />
        <div class="button-row">
          <Button variant="primary">Save print issue</Button>
          <LinkButton href="/admin/print-issues" variant="quiet">
            Cancel
          </LinkButton>
        </div>
      </PostForm>
    </AdminLayout>
  );
};
