import { expect, it } from 'vitest';
import { routeKindOf } from './route-kind.js';

it('tells each kind of request from its path alone', () => {
  expect(routeKindOf('/world/2026/03/harbour-strike')).toBe('article');
  expect(routeKindOf('/world/2026/03/harbour-strike?utm_source=x')).toBe('article');
  expect(routeKindOf('/')).toBe('front');
  expect(routeKindOf('/world')).toBe('front');
  expect(routeKindOf('/search?q=docks')).toBe('search');
  expect(routeKindOf('/feed')).toBe('feed');
  expect(routeKindOf('/world/feed')).toBe('feed');
  expect(routeKindOf('/sitemap.xml')).toBe('feed');
  expect(routeKindOf('/sitemaps/articles-2026.xml')).toBe('feed');
  expect(routeKindOf('/admin')).toBe('admin');
  expect(routeKindOf('/admin/articles/3')).toBe('admin');
  expect(routeKindOf('/api/content/articles')).toBe('api');
  expect(routeKindOf('/administration')).toBe('front');
  expect(routeKindOf('/topic/russia')).toBe('other');
  expect(routeKindOf('/static/site.css')).toBe('other');
  expect(routeKindOf('/robots.txt')).toBe('other');
  expect(routeKindOf('/metrics')).toBe('other');
});
