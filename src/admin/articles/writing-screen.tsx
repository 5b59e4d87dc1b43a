import type { FC } from 'hono/jsx';
import { accessLevelLabels, accessLevels } from '../../access/access-level.js';
import { canSetAccess } from '../../access/access-policy.js';
import type { Actor } from '../../content/article-policy.js';
import { canSetSponsorAndPrintIssue } from '../../content/article-policy.js';
import type { Article } from '../../content/article-store.js';
import type { ArticleInput } from '../../content/article-input.js';
import type { Section } from '../../content/taxonomy.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { LinkButton } from '../components/Button.js';
import { Csrf, Field, FormErrors, Select, TextArea } from '../components/Form.js';
import { LeadImageField, type MediaChoice } from './lead-image-field.js';
import { PickerField, type PickerItem } from './picker-field.js';
import { NoteForm, PublishPanel } from './publish-panel.js';
import { SharePreview } from './share-preview.js';
import { DraftNotesPanel } from './notes-view.js';
import { SharePreviewPanel } from './preview-view.js';
import { canSeeAnalytics } from '../../analytics/reports/newsroom-analytics.js';
import type { DraftNote } from '../../content/draft-notes.js';

export interface FormState {
  values: ArticleInput;
  version?: number;
  error?: string;
  /** Each refused field's problem, shown beside it; keys are form field names. */
  fieldErrors?: Record<string, string>;
  notice?: string;
  /** Set when the save lost a race: the stored version the editor must reload. */
  conflictVersion?: number;
  /** What was typed into the schedule box, kept when the time is refused. */
  when?: string;
}

/** What the writing screen shows beside the form's own values: names for slugs, images to pick, the site. */
export interface WritingContext {
  sections: Section[];
  /** Names of the chosen authors and topics, by slug, for the pickers' chips. */
  authorNames: Record<string, string>;
  topicNames: Record<string, string>;
  /** Existing topics suggested from the saved article: only when asked for (without JavaScript, ?suggest=topics). */
  topicSuggestions?: string[];
  media: MediaChoice[];
  siteName: string;
  siteHost: string;
  timeZone: string;
  /** The desk's notes and open share links (preview-routes.ts loadWritingPanels); absent for a new article. */
  panels?: { notes: DraftNote[]; shareLinks?: Parameters<typeof SharePreviewPanel>[0]['links'] };
}

/** Form field name → the id of its control, for the error summary's links. */
const fieldIds: Record<string, string> = {
  headline: 'f-headline',
  standfirst: 'f-standfirst',
  section: 'f-section',
  access: 'f-access',
  authors: 'f-authors',
  topics: 'f-topics',
  slug: 'f-slug',
  printIssue: 'f-printIssue',
  sponsor: 'f-sponsor',
  seoTitle: 'f-seoTitle',
  seoDescription: 'f-seoDescription',
  partnerSlotAfter: 'f-partnerSlotAfter',
  imageMediaId: 'f-imageMediaId',
  imageAlt: 'f-imageAlt',
  imageFocalX: 'f-imageFocalX',
  imageFocalY: 'f-imageFocalY',
  when: 'f-when',
  body: 'body-editor',
};

const chips = (slugs: string[] | undefined, names: Record<string, string>): PickerItem[] => (slugs ?? []).map((slug) => ({ slug, name: names[slug] ?? slug }));

/**
 * The writing screen: headline, standfirst and body across the main column; beside them
 * (below on a phone) the settings panel, with publishing at its top. One form holds every
 * field, and the workflow buttons save it before they act, so nothing typed is lost; the
 * correction note is its own small form, reached with `form=`.
 */
export const WritingScreen: FC<{ title: string; action: string; state: FormState; csrfToken: string; user: Actor; article?: Article; context: WritingContext }> = ({
  title,
  action,
  state,
  csrfToken,
  user,
  article,
  context,
}) => {
  const v = state.values;
  const e = state.fieldErrors ?? {};
  // Disabled fields are not posted, so a writer's save leaves an editor's sponsor and print issue as they are.
  const desk = canSetSponsorAndPrintIssue(user);
  return (
    <AdminLayout
      title={title}
      width="full"
      styles={['/static/newsroom-writing.css', '/static/newsroom-editor.css']}
      scripts={['/static/admin/editor.js', '/static/admin/pickers.js', '/static/admin/writing-panel.js']}
      actions={
        article && (
          <>
            <LinkButton href={`/admin/articles/${article.id}/revisions`} variant="quiet">
              Revisions
            </LinkButton>
            {article.publishedAt && canSeeAnalytics(user, article) && (
              <LinkButton href={`/admin/analytics/articles/${article.id}`} variant="quiet">
                Analytics
              </LinkButton>
            )}
          </>
        )
      }
    >
      {(state.error || Object.keys(e).length > 0) && (
        <FormErrors message={state.error} errors={e} ids={fieldIds} />
      )}
      {state.conflictVersion !== undefined && (
        <p class="writing-conflict" role="alert">
          Your changes are still in this form and were not saved. Copy what you need, then <a href={`/admin/articles/${article?.id}`}>open version {state.conflictVersion}</a>.
        </p>
      )}
      {state.notice && (
        <p class="writing-notice" role="status">
          {state.notice}
        </p>
      )}
      <div class="writing">
      {/* display: contents, so the main column and the settings share the grid with the panels below, which hold forms of their own. */}
      <form method="post" action={action} id="article-form" class="writing-form" data-article-id={article?.id} data-version={state.version}>
        <Csrf token={csrfToken} />
        {state.version !== undefined && <input type="hidden" name="version" value={state.version} />}
        <div class="writing-main">
          <Field id="f-headline" label="Headline" name="headline" value={v.headline} required error={e.headline} inputClass="writing-headline" maxlength={300} />
          <TextArea id="f-standfirst" label="Standfirst" name="standfirst" value={v.standfirst} rows={2} error={e.standfirst} inputClass="writing-standfirst" />
          <div class="writing-body field">
            <p id="body-label" class="field-label">
              Body
            </p>
            {e.body && (
              <p class="field-error" id="body-error">
                {e.body}
              </p>
            )}
            <input type="hidden" name="body" id="f-body" value={JSON.stringify(v.body ?? [])} />
            <div id="body-editor" aria-labelledby="body-label" data-placeholder="The body can be edited with JavaScript enabled." />
          </div>
        </div>
        <aside class="writing-panel" aria-label="Article settings">
          <PublishPanel article={article} user={user} timeZone={context.timeZone} when={state.when} whenError={e.when} />
          <section class="writing-section" aria-labelledby="settings-heading">
            <h2 id="settings-heading" class="writing-section-title">
              Placement
            </h2>
            <Select id="f-section" label="Section" name="section" value={v.section} options={context.sections.map((s) => ({ value: s.slug, label: s.name }))} error={e.section} required />
            <Select
              id="f-access"
              label="Who may read it"
              name="access"
              value={v.access ?? 'free'}
              options={accessLevels.map((level) => ({ value: level, label: accessLevelLabels[level] }))}
              disabled={!canSetAccess(user)}
              hint={canSetAccess(user) ? 'Metered articles open to a few a month without an account, then to registered readers; members and staff read everything.' : 'Set by a writer or an editor.'}
              error={e.access}
            />
            <PickerField
              kind="authors"
              label="Authors"
              value={v.authors ?? []}
              chosen={chips(v.authors, context.authorNames)}
              canCreate={desk}
              error={e.authors}
              format="Author slugs in byline order, separated by commas."
              note={desk ? undefined : 'You may add or remove only your own; an editor changes the others.'}
            />
            <PickerField
              kind="topics"
              label="Topics"
              value={v.topics ?? []}
              chosen={chips(v.topics, context.topicNames)}
              canCreate={desk}
              error={e.topics}
              format="Topic slugs, separated by commas."
              suggest={article && { href: `/admin/articles/${article.id}?suggest=topics#f-topics`, from: `/admin/articles/${article.id}/topic-suggestions`, found: context.topicSuggestions }}
            />
            <Field id="f-printIssue" label="Print issue number" name="printIssue" value={v.printIssue} disabled={!desk} hint={desk ? undefined : 'Set by an editor.'} error={e.printIssue} />
            <Field id="f-sponsor" label="Sponsor (partner content only)" name="sponsor" value={v.sponsor} disabled={!desk} hint={desk ? undefined : 'Set by an editor.'} error={e.sponsor} />
            <Field id="f-partnerSlotAfter" label="Partner slot after paragraph" name="partnerSlotAfter" value={v.partnerSlotAfter} hint="Empty uses the site default." error={e.partnerSlotAfter} />
          </section>
          <LeadImageField values={v} media={context.media} errors={e} />
          <section class="writing-section" aria-labelledby="seo-heading">
            <h2 id="seo-heading" class="writing-section-title">
              Address and sharing
            </h2>
            <Field id="f-slug" label="Slug" name="slug" value={v.slug} hint="Leave empty to make one from the headline." error={e.slug} />
            <Field id="f-seoTitle" label="SEO title" name="seoTitle" value={v.seoTitle} hint="Empty uses the headline." error={e.seoTitle} />
            <TextArea id="f-seoDescription" label="SEO description" name="seoDescription" value={v.seoDescription} rows={3} hint="Empty uses the standfirst." error={e.seoDescription} />
            <SharePreview values={v} imageSrc={article?.leadImage?.src ?? v.imageUrl ?? undefined} siteName={context.siteName} siteHost={context.siteHost} />
          </section>
        </aside>
      </form>
      {article && context.panels && (
        <aside class="writing-panel writing-panel-desk" aria-label="Notes for the desk and share links">
          <DraftNotesPanel article={article} notes={context.panels.notes} user={user} csrfToken={csrfToken} returnTo="editor" timeZone={context.timeZone} />
          {context.panels.shareLinks && <SharePreviewPanel article={article} links={context.panels.shareLinks} csrfToken={csrfToken} timeZone={context.timeZone} />}
        </aside>
      )}
      </div>
      {article && <NoteForm article={article} user={user} csrfToken={csrfToken} />}
      <form method="post" action="/admin/media" enctype="multipart/form-data" id="body-image-form" class="writing-upload">
        <Csrf token={csrfToken} />
        <fieldset>
          <legend>Add an image to the body</legend>
          <div class="field">
            <label for="i-file">Image (JPEG, PNG, WebP or AVIF, up to 15 MB)</label>
            <input id="i-file" type="file" name="file" accept="image/jpeg,image/png,image/webp,image/avif" required />
          </div>
          <Field id="i-alt" label="Alt text" name="alt" required />
          <Field id="i-caption" label="Caption" name="caption" />
          <Field id="i-credit" label="Credit" name="credit" />
          <button type="submit" class="btn btn-secondary">
            Upload image
          </button>{' '}
          <span id="image-status" role="status" aria-live="polite" />
        </fieldset>
      </form>
    </AdminLayout>
  );
};
