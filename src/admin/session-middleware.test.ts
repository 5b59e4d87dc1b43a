import { describe, expect, it } from 'vitest';
import { isPublicAdminPath, safeNext } from './session-middleware.js';

describe('safeNext', () => {
  it('keeps newsroom paths with their query', () => {
    expect(safeNext('/admin/articles?status=draft')).toBe('/admin/articles?status=draft');
    expect(safeNext('/admin')).toBe('/admin');
  });

  it('refuses anything that could leave the newsroom', () => {
    for (const next of [undefined, '', 'https://evil.example/admin', '//evil.example/admin', '/admin//evil', '/administrator', '/admin\\\\evil', '/world']) {
      expect(safeNext(next), String(next)).toBe('/admin/articles');
    }
  });

  it('refuses control characters and anything else a Location header cannot carry', () => {
    for (const next of ['/admin/\r\nX', '/admin/\0', '/admin/articles\t', '/admin/\x7f', '/admin/ x', '/admin/\u2028', '/admin/café']) {
      expect(safeNext(next), JSON.stringify(next)).toBe('/admin/articles');
    }
    expect(safeNext('/admin/articles?q=caf%C3%A9')).toBe('/admin/articles?q=caf%C3%A9');
  });
});

describe('isPublicAdminPath', () => {
  it('opens only the sign-in and reset pages', () => {
    expect(['/admin/login', '/admin/forgot', '/admin/reset/abc'].every(isPublicAdminPath)).toBe(true);
    expect(['/admin', '/admin/articles', '/admin/login/x', '/admin/resetx', '/admin/users'].some(isPublicAdminPath)).toBe(false);
  });
});
