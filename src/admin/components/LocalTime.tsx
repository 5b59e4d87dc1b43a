import { tryGetContext } from 'hono/context-storage';
import type { FC } from 'hono/jsx';
import type { NewsroomEnv } from '../env.js';
import { formatInZone } from '../time.js';

/** The zone the request's pages show times in: the site's, from the newsroom middleware. */
export const siteTimeZone = (): string => tryGetContext<NewsroomEnv>()?.var.timeZone ?? 'UTC';

function relative(iso: string, now = Date.now()): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
  if (Math.abs(minutes) < 60 * 24) return rtf.format(Math.round(minutes / 60), 'hour');
  return rtf.format(Math.round(minutes / (60 * 24)), 'day');
}

/**
 * An instant as the newsroom reads it: in the site's zone with the zone named
 * ("Wed 2 Dec 2026, 14:30 GMT"); `relative` says "in 3 hours" with the full time on hover.
 */
export const LocalTime: FC<{ iso: string; format?: 'datetime' | 'date' | 'relative'; timeZone?: string }> = ({ iso, format = 'datetime', timeZone }) => {
  const zone = timeZone ?? siteTimeZone();
  const full = formatInZone(iso, zone);
  if (format === 'relative') {
    return (
      <time datetime={iso} title={full}>
        {relative(iso)}
      </time>
    );
  }
  return <time datetime={iso}>{format === 'date' ? formatInZone(iso, zone, 'date') : full}</time>;
};
