import { Hono } from 'hono';
import type { Config } from '../../config.js';
import { clientAddress } from '../../admin/client-address.js';
import { siteChrome } from '../../reader-ui/chrome.js';
import { formatDateTime } from '../../reader-ui/format.js';
import type { Services } from '../../services.js';
import { loadArticlePage } from '../article-data.js';
import { PREVIEW_STYLESHEET, PreviewBanner } from '../components/PreviewBanner.js';
import { ArticlePage } from '../pages/ArticlePage.js';

/** Opening share links, per client address: plenty for a person, a wall for a crawler. */
const OPENS_PER_ADDRESS = { max: 60, windowMs: 15 * 60_000 };

/**
 * /preview/{token}: a signed share-preview link, for someone without an account. It shows the
 * article as it stands now, exactly as readers will see it, under a "not published" banner,
 * with none of the newsroom's notes. An unknown link answers 404, an expired or revoked one 410.
 * Never stored by the render cache or a proxy, never indexed.
 */
export function sharePreviewRoutes(services: Services, config: Pick<Config, 'siteName' | 'timeZone' | 'siteUrl'> & Partial<Pick<Config, 'trustProxy'>>) {
  const chrome = siteChrome(services, config.siteName);
  const clientOf = clientAddress(config.trustProxy ?? []);
  const site = { siteName: config.siteName, siteUrl: config.siteUrl };

  return new Hono().get('/preview/:token', async (c) => {
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Robots-Tag', 'noindex');
    c.header('Referrer-Policy', 'no-referrer');
    await services.limits.hit([{ key: `share-preview-ip:${clientOf(c)}`, ...OPENS_PER_ADDRESS }], 'Too many preview pages opened');
    const article = await services.sharePreviews.open(c.req.param('token'));
    const page = await loadArticlePage({ services, chrome }, article);
    const banner = (
      <PreviewBanner
        status={article.status === 'scheduled' ? 'Scheduled' : article.status === 'published' ? 'Published' : 'Draft'}
        detail={
          article.status === 'scheduled' && article.scheduledFor
            ? `Due to be published ${formatDateTime(article.scheduledFor, config.timeZone)} (${config.timeZone} time). Shared with you by ${config.siteName}: please do not pass it on.`
            : `Shared with you by ${config.siteName} before publication: it may still change, so please do not pass it on.`
        }
      />
    );
    return c.html(<ArticlePage {...page} timeZone={config.timeZone} site={site} article={article} preview={{ banner, stylesheet: PREVIEW_STYLESHEET }} />);
  });
}
