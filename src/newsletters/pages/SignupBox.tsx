import type { Child, FC } from 'hono/jsx';
import type { Newsletter } from '../catalogue.js';
import { FormProblems } from '../../reader-ui/FormProblems.js';
import { FROM_ARTICLE_FIELD } from '../../analytics/links/source-article.js';
import { renderedOnce } from '../../reader-ui/once-per-object.js';

const cadenceOf = (n: Newsletter) => n.cadence?.label ?? 'Occasional';

/** A newsletter as the form offers it: ticked when the reader chose it, pending until they confirm. */
export type SignupChoice = Newsletter & { ticked?: boolean; pending?: boolean };

export interface SignupBoxProps {
  newsletters: SignupChoice[];
  /** Heads the box "Sign up for {siteName}’s newsletters"; left out where the page's own h1 says it. */
  siteName?: string;
  legend?: string;
  /** Where the form posts: the subscribe endpoint, or a reader's preferences link. */
  action?: string;
  /** The email field's value; `false` on the preferences form, whose address is already known. */
  email?: string | false;
  /** What was wrong with the last post, shown above the choices. */
  problems?: string[];
  /** Link each newsletter to its past issues (the /newsletters catalogue). */
  pastIssues?: boolean;
  /** The article page the box is on: a signup from it is counted for the article (src/analytics). */
  fromArticle?: number;
  /** The submit buttons; one "Sign up" button when left out. */
  children?: Child;
}

/** A checkbox per newsletter, with its cadence, description and (on the catalogue) a link to its past issues. */
const NewsletterChoices: FC<{ newsletters: SignupChoice[]; pastIssues?: boolean }> = ({ newsletters, pastIssues }) => (
  <div class="newsletter-choices">
    {newsletters.map((n) => (
      <div class="newsletter-choice">
        <input type="checkbox" id={`signup-${n.slug}`} name="newsletter" value={n.slug} checked={n.ticked} aria-describedby={`signup-${n.slug}-about`} />
        <label for={`signup-${n.slug}`}>{n.name}</label>
        <p id={`signup-${n.slug}-about`}>
          <span class="cadence">{cadenceOf(n)}.</span> {n.description}
          {n.pending && <em class="pending"> Waiting for your confirmation.</em>}
          {pastIssues && (
            <>
              {' '}
              <a href={`/newsletters/${n.slug}`}>
                Past issues<span class="visually-hidden"> of {n.name}</span>
              </a>
            </>
          )}
        </p>
      </div>
    ))}
  </div>
);

/**
 * The choices without links, rendered once per list: the article page's list is the same object for as long as
 * the catalogue is (src/site/article-data.ts); a list made for one request (ticked boxes) is rendered for it alone.
 */
const choicesOnce = renderedOnce((newsletters: SignupChoice[]) => <NewsletterChoices newsletters={newsletters} />);

/**
 * The one newsletter signup form, used by the box on article pages, the /newsletters catalogue,
 * its error re-render and the preferences page: a checkbox per newsletter with its name and,
 * beneath the name at the same width, its cadence and description. The markup is the same
 * everywhere so that the box's styles hold on every page (src/reader-ui/styles/newsletters.css).
 */
export const SignupBox: FC<SignupBoxProps> = ({ newsletters, siteName, legend = 'Choose your newsletters', action = '/newsletters/subscribe', email = '', problems, pastIssues, fromArticle, children }) => {
  if (!newsletters.length) return null;
  const submit = children ?? <button type="submit">Sign up</button>;
  const form = (
    <>
      <FormProblems problems={problems} />
      <form method="post" action={action}>
        {fromArticle !== undefined && <input type="hidden" name={FROM_ARTICLE_FIELD} value={String(fromArticle)} />}
        <fieldset>
          <legend>{legend}</legend>
          {pastIssues ? <NewsletterChoices newsletters={newsletters} pastIssues /> : choicesOnce(newsletters)}
        </fieldset>
        {email === false ? (
          <p class="signup-actions">{submit}</p>
        ) : (
          <p class="signup-email">
            <label for="signup-email">Email address</label>
            <input id="signup-email" type="email" name="email" required autocomplete="email" value={email} />
            {submit}
          </p>
        )}
      </form>
    </>
  );
  return siteName ? (
    <section class="signup-box" aria-labelledby="signup-title">
      <h2 id="signup-title">Sign up for {siteName}’s newsletters</h2>
      {form}
    </section>
  ) : (
    <div class="signup-box">{form}</div>
  );
};
