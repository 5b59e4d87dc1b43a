import { Hono } from 'hono';
import type { LinkClickService } from './link-clicks.js';
import { CLICK_PATH, GIFT_QUERY } from './click-links.js';

/** /r/<issue>/<signature>?u=…[&g=…]: a sent newsletter's link, counted and followed (a bad signature is a 400 page). */
export function clickRoutes(linkClicks: LinkClickService) {
  return new Hono().get(`${CLICK_PATH}/:issue/:signature`, (c) => {
    const url = linkClicks.follow(c.req.param('issue'), c.req.param('signature'), c.req.query('u'), c.req.query(GIFT_QUERY), c.req.header('user-agent'));
    c.header('Cache-Control', 'no-store');
    return c.redirect(url, 302);
  });
}
