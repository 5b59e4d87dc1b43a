import { Hono, type Context } from 'hono';
import { sameSecret } from '../accounts/tokens.js';
import type { Config } from '../config.js';
import { BroadsheetError } from '../errors.js';
import { siteChrome } from '../reader-ui/chrome.js';
import type { Services } from '../services.js';
import { GiftPage } from './GiftPage.js';

/**
 * /gift/new?article=…: a member makes a gift link for an article behind the meter. Private
 * answers (never cached); the form carries the reader session's token. Everyone else is told
 * what gift links are and how to get them.
 */
export function giftRoutes(services: Services, config: Pick<Config, 'siteName' | 'siteUrl'>) {
  const { access, articles, readerAccounts } = services;
  const chrome = siteChrome(services, config.siteName);

  const articleOf = async (raw: string | undefined) => {
    const id = raw && /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : undefined;
    const article = id === undefined ? undefined : await articles.get(id);
    return article?.status === 'published' ? article : undefined;
  };

  const page = async (c: Context, raw: string | undefined, extra: { link?: string; left?: number; problem?: string } = {}, status: 200 | 403 | 422 | 429 = 200) => {
    c.header('Cache-Control', 'private, no-store');
    const article = await articleOf(raw);
    if (!article) return c.notFound();
    const cookie = c.req.header('cookie');
    const [session, reader] = await Promise.all([readerAccounts.session(cookie), access.standingOf(cookie)]);
    const member = session && reader.standing === 'member' ? session : undefined;
    const left = extra.left ?? (member ? await access.giftsLeft(member.readerId) : undefined);
    return c.html(<GiftPage chrome={await chrome()} article={article} signedIn={!!session} csrfToken={extra.link ? undefined : member?.csrfToken} left={left} {...extra} />, status);
  };

  return new Hono()
    .get('/gift/new', (c) => page(c, c.req.query('article')))
    .post('/gift/new', async (c) => {
      const form = await c.req.parseBody();
      const raw = typeof form.article === 'string' ? form.article : undefined;
      const cookie = c.req.header('cookie');
      const session = await readerAccounts.session(cookie);
      if (!session || typeof form._csrf !== 'string' || !sameSecret(form._csrf, session.csrfToken)) {
        return page(c, raw, { problem: 'This form has expired or came from elsewhere: make the gift link again.' }, 403);
      }
      const article = await articleOf(raw);
      if (!article) return c.notFound();
      try {
        const gift = await access.give({ ...(await access.standingOf(cookie)), readerId: session.readerId }, article);
        return page(c, raw, { link: new URL(gift.path, config.siteUrl).toString(), left: gift.left });
      } catch (error) {
        if (!(error instanceof BroadsheetError)) throw error;
        return page(c, raw, { problem: error.message }, error.status as 403 | 422 | 429);
      }
    });
}
