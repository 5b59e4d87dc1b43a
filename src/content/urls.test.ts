import { describe, expect, it } from 'vitest';
import { absoluteRenderableUrl, isAcceptedUrl, renderableUrl, urlSchema } from './urls.js';

describe('the URL rule for images and links', () => {
  it('accepts absolute http(s) URLs and paths on this site', () => {
    for (const url of ['https://example.org/a.jpg', 'http://example.org', 'HTTPS://Example.org/x?y=1&z=2#f', '/media/a.jpg', '/', '/content/images/x.jpg?w=1']) {
      expect(isAcceptedUrl(url), url).toBe(true);
    }
  });

  it('refuses other hosts disguised as site paths, broken URLs and other schemes', () => {
    for (const url of [
      '//evil.example/',
      '/\\evil.example/',
      '\\\\evil.example',
      'http://[',
      'https://',
      'http:///x',
      '//h/x',
      '/\\h',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:image/png;base64,AAAA',
      'ftp://example.org/a',
      'media/a.jpg',
      '__GHOST_URL__/content/images/x.jpg',
      '/a b.jpg',
      '/a\tb',
      'https://example.org/\n',
      '',
      `/${'a'.repeat(2048)}`,
    ]) {
      expect(isAcceptedUrl(url), url).toBe(false);
    }
  });

  it('as a schema, names the rule and keeps the input out of the message', () => {
    const result = urlSchema.safeParse('javascript:alert(1)');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/web address \(https:.* path on this site/);
    expect(result.error?.issues[0]?.message).not.toContain('javascript');
    expect(urlSchema.parse('  https://example.org/a.jpg ')).toBe('https://example.org/a.jpg');
  });

  it('renders a stored URL only when it keeps the rule', () => {
    expect(renderableUrl('/media/a.jpg')).toBe('/media/a.jpg');
    expect(renderableUrl('//h/x')).toBeUndefined();
    expect(renderableUrl(null)).toBeUndefined();
    expect(absoluteRenderableUrl('https://news.example/', '/media/a.jpg')).toBe('https://news.example/media/a.jpg');
    expect(absoluteRenderableUrl('https://news.example', 'https://cdn.example/b.jpg')).toBe('https://cdn.example/b.jpg');
    expect(absoluteRenderableUrl('https://news.example', 'http://[')).toBeUndefined();
  });
});
