import { Hono } from 'hono';
import type { Services } from '../services.js';
import { archiveRoutes } from './routes/archive.js';
import { articleRoutes } from './routes/article.js';
import { correctionRoutes } from './routes/corrections.js';
import { siteContext, type SiteConfig } from './routes/context.js';
import { feedRoutes } from './routes/feeds.js';
import { frontRoutes, sectionRoutes } from './routes/fronts.js';
import { pageRoutes } from './routes/pages.js';
import { shareCardRoutes } from './routes/share-card.js';

/**
 * Reader pages, in matching order. Fixed paths come first; `/:section/feed` after
 * the topic and author pages; standing pages (`/{slug}`) pass any other segment on to
 * the `/:section` catch-all, which stays last. Pass the services
 * through `withSiteDataMemo`, as createApp does, so that each render reads no site-wide lists.
 */
export function siteRoutes(services: Services, config: SiteConfig) {
  const ctx = siteContext(services, config);

  return new Hono()
    .route('/', frontRoutes(ctx))
    .route('/', archiveRoutes(ctx))
    .route('/', feedRoutes(ctx))
    .route('/', articleRoutes(ctx))
    .route('/', correctionRoutes(ctx))
    .route('/', shareCardRoutes(ctx))
    .route('/', pageRoutes(ctx))
    .route('/', sectionRoutes(ctx));
}
