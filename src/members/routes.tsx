import { Hono, type Context } from 'hono';
import { sameSecret } from '../accounts/tokens.js';
import type { Config } from '../config.js';
import { ValidationError } from '../errors.js';
import { cachePage } from '../reader-ui/cache-tags.js';
import { siteChrome } from '../reader-ui/chrome.js';
import { pageTags } from '../reader-ui/page-tags.js';
import type { Services } from '../services.js';
import { SupportPage } from '../site/pages/SupportPage.js';
import { SUPPORTER_GOAL_TAG } from '../asks/supporter-goal.js';
import { parseChoice, type ChoiceForm } from './choice.js';
import { WebhookSignatureError } from './memberships.js';
import { currenciesOf } from './plans.js';
import { ChoiceCards } from './views/ChoiceCards.js';
import { FROM_ARTICLE_FIELD, FROM_ARTICLE_QUERY, sourceArticleOf } from '../analytics/links/source-article.js';
import { SupportResultPage } from './views/SupportResult.js';

const formText = async (c: Context): Promise<Record<string, string>> =>
  Object.fromEntries(Object.entries(await c.req.parseBody()).filter((e): e is [string, string] => typeof e[1] === 'string'));

/**
 * Reader revenue's routes: /support with its choice cards (the page stays render-cached: it
 * carries nothing per reader, and the site's origin check guards its form), Checkout, the
 * pages Checkout returns to, Stripe's webhook and the Customer Portal from /account.
 */
export function memberRoutes(services: Services, config: Pick<Config, 'siteName' | 'siteUrl'>) {
  const { plans, memberships, readerAccounts } = services;
  const chrome = siteChrome(services, config.siteName);
  const site = { siteName: config.siteName, siteUrl: config.siteUrl };

  const supportPage = async (c: Context, currency: string | undefined, refused?: { form: ChoiceForm; errors: Record<string, string> }, fromArticle?: number) => {
    const offer = memberships.enabled ? await plans.current() : undefined;
    const currencies = offer ? currenciesOf(offer) : [];
    const shown = currencies.find((cur) => cur === currency?.toUpperCase()) ?? currencies[0];
    const cards = offer && shown ? <ChoiceCards plans={offer} currency={shown} currencies={currencies} form={refused?.form} errors={refused?.errors} fromArticle={fromArticle} /> : undefined;
    return <SupportPage chrome={await chrome()} site={site} offer={cards} goal={await services.supporterGoal.figures()} />;
  };

  return new Hono()
    .get('/support', async (c) => {
      const fromArticle = sourceArticleOf(c.req.query(FROM_ARTICLE_QUERY));
      // Opened from an article, the page carries its id: rendered each time rather than cached once per article.
      if (fromArticle === undefined) {
        cachePage(c, ...pageTags.plain());
        cachePage(c, [SUPPORTER_GOAL_TAG]);
      }
      return c.html(await supportPage(c, c.req.query('currency'), undefined, fromArticle));
    })
    .post('/support/checkout', async (c) => {
      const form: ChoiceForm & Record<string, string | undefined> = await formText(c);
      const fromArticle = sourceArticleOf(form[FROM_ARTICLE_FIELD]);
      try {
        const choice = parseChoice(form, await plans.current(), config.siteName);
        const reader = await readerAccounts.identify(c.req.header('cookie'));
        return c.redirect(await memberships.checkout(choice, reader ?? undefined, { articleId: fromArticle }), 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const errors = Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
        return c.html(await supportPage(c, form.currency, { form, errors }, fromArticle), 422);
      }
    })
    .get('/support/thanks', async (c) => {
      cachePage(c, ...pageTags.plain());
      return c.html(<SupportResultPage chrome={await chrome()} outcome="thanks" />);
    })
    .get('/support/cancelled', async (c) => {
      cachePage(c, ...pageTags.plain());
      return c.html(<SupportResultPage chrome={await chrome()} outcome="cancelled" />);
    })
    .post('/members/stripe/webhook', async (c) => {
      // The signature covers the exact bytes Stripe sent: read them before anything parses the body.
      const raw = await c.req.text();
      try {
        await memberships.receiveWebhook(raw, c.req.header('stripe-signature'));
      } catch (error) {
        if (error instanceof WebhookSignatureError) return c.json({ error: error.message }, 400);
        throw error;
      }
      return c.json({ received: true });
    })
    .post('/account/billing', async (c) => {
      const reader = await readerAccounts.session(c.req.header('cookie'));
      if (!reader) return c.redirect('/account/sign-in', 303);
      const token = (await formText(c))._csrf;
      if (!token || !sameSecret(token, reader.csrfToken)) return c.text('This form has expired: open your account page again', 403);
      return c.redirect(await memberships.portal(reader.readerId), 303);
    });
}
