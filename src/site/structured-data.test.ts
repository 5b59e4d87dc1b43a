import { describe, expect, it } from 'vitest';
import { b } from '../content/blocks.js';
import { absoluteUrl, articleImage, jsonForScript } from './structured-data.js';

describe('structured data helpers', () => {
  it('makes site paths absolute and leaves other sites alone', () => {
    expect(absoluteUrl('https://example.org/', '/world/2022/01/a')).toBe('https://example.org/world/2022/01/a');
    expect(absoluteUrl('https://example.org', 'https://cdn.example.net/a.jpg')).toBe('https://cdn.example.net/a.jpg');
  });

  it('escapes JSON so no string can end the script element', () => {
    const text = jsonForScript({ headline: '</script><script>alert(1)</script> & \u2028' });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text).headline).toBe('</script><script>alert(1)</script> & \u2028');
  });

  it('shares the set image, else the first image in the body', () => {
    const body = [b.p('Text'), b.image('/media/a.jpg', 'A'), b.image('/media/b.jpg', 'B')];
    expect(articleImage({ imageUrl: null, body })).toBe('/media/a.jpg');
    expect(articleImage({ imageUrl: '/media/cover.jpg', body })).toBe('/media/cover.jpg');
    expect(articleImage({ imageUrl: null, body: [b.p('Text')] })).toBeUndefined();
  });

  it('passes over stored image URLs that break the URL rule', () => {
    expect(articleImage({ imageUrl: '//h/x', body: [b.image('http://[', 'A'), b.image('/media/b.jpg', 'B')] })).toBe('/media/b.jpg');
    expect(articleImage({ imageUrl: '/\\h', body: [] })).toBeUndefined();
  });
});
