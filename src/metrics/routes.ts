import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Metrics } from './metrics.js';
import { readiness } from './readiness.js';

export interface OperationsOptions {
  metrics: Metrics;
  db: Kysely<DB>;
  listening?: () => boolean;
  /** METRICS_TOKEN: when set, /metrics wants `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * What a load balancer and Prometheus ask: /healthz (the process answers; it touches nothing,
 * so a slow database never gets a live process restarted), /readyz (it should get traffic;
 * 503 with the failing check named) and /metrics.
 */
export function operationsRoutes({ metrics, db, listening, metricsToken }: OperationsOptions) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true }, 200, { 'cache-control': 'no-store' }));
  app.get('/readyz', async (c) => {
    const result = await readiness({ db, listening });
    return c.json(result, result.ready ? 200 : 503, { 'cache-control': 'no-store' });
  });
  app.get('/metrics', async (c) => {
    if (metricsToken) {
      const auth = c.req.header('authorization') ?? '';
      if (!auth.startsWith('Bearer ') || !sameSecret(auth.slice(7), metricsToken)) {
        return c.json({ error: 'METRICS_TOKEN is set: send it as Authorization: Bearer <token>' }, 401, { 'www-authenticate': 'Bearer realm="metrics"' });
      }
    }
    return c.body(await metrics.text(), 200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  });
  return app;
}
