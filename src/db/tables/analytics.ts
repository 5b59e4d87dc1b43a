import type { Generated } from 'kysely';

/** Each distinct counted page path, without its query (migration 033). */
export interface AnalyticsPathsTable {
  id: Generated<number>;
  path: string;
  /** `article`, `front`, `search` or `newsletter`. */
  kind: string;
  article_id: number | null;
}

/** Each distinct referrer host + UTM source/medium/campaign; '' for none. */
export interface AnalyticsSourcesTable {
  id: Generated<number>;
  /** The UTM source, else the referrer host; '' is a direct visit. */
  name: string;
  referrer_host: string;
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
}

/** A page's views in one hour, added to as raw views are written, kept two days (migration 042): the "Most read" rails. */
export interface AnalyticsHourlyTable {
  /** Unix hours: Unix seconds / 3600, rounded down. */
  hour: number;
  path_id: number;
  views: number;
}

/** One raw page view, kept 30 days. */
export interface AnalyticsViewsTable {
  /** Unix seconds. */
  at: number;
  path_id: number;
  source_id: number;
  /** 0 desktop, 1 phone, 2 tablet. */
  device: number;
  /** 48-bit daily-salted hash of client address and user agent; null under DNT / Sec-GPC. */
  visitor: number | null;
}

/** A completed day rolled up per path × source; a page's sources of fewer than a few views that day are folded into "Other sources". */
export interface AnalyticsDailyTable {
  /** A calendar day of the site's time zone as days since 1970-01-01 (migration 041). */
  day: number;
  path_id: number;
  source_id: number;
  views: number;
  /** Distinct visitors within this cell. */
  visitors: number;
}

/** A rolled-up day's site-wide figures. */
export interface AnalyticsDaysTable {
  day: string;
  views: number;
  /** Distinct visitors over the whole site that day. */
  visitors: number;
  desktop_views: number;
  phone_views: number;
  tablet_views: number;
}

/** The current day's visitor salt (hex), deleted when the day is over. */
export interface AnalyticsSaltsTable {
  day: string;
  salt: string;
}
