import type { FC } from 'hono/jsx';
import type { Newsletter } from '../../newsletters/catalogue.js';

const cadenceOf = (n: Newsletter) => n.cadence?.label ?? 'Occasional';

/**
 * The newsletter signup box on article pages: one form with a checkbox per newsletter
 * (name, description, cadence) and one email field, posting to the subscribe endpoint,
 * which stores a pending signup and sends the confirmation email.
 */
export const SignupBox: FC<{ siteName: string; newsletters: Newsletter[] }> = ({ siteName, newsletters }) => {
  if (!newsletters.length) return null;
  return (
    <section class="signup-box" aria-labelledby="signup-title">
      <h2 id="signup-title">Sign up for {siteName}’s newsletters</h2>
      <form method="post" action="/newsletters/subscribe">
        <fieldset>
          <legend>Choose your newsletters</legend>
          {newsletters.map((n) => (
            <div class="newsletter-choice">
              <input type="checkbox" id={`signup-${n.slug}`} name="newsletter" value={n.slug} aria-describedby={`signup-${n.slug}-about`} />
              <label for={`signup-${n.slug}`}>{n.name}</label>
              <p id={`signup-${n.slug}-about`}>
                <span class="cadence">{cadenceOf(n)}.</span> {n.description}
              </p>
            </div>
          ))}
        </fieldset>
        <p class="signup-email">
          <label for="signup-email">Email address</label>
          <input id="signup-email" type="email" name="email" required autocomplete="email" />
          <button type="submit">Sign up</button>
        </p>
      </form>
    </section>
  );
};
