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
});

describe('isPublicAdminPath', () => {
  it('opens only the sign-in and reset pages', () => {
    expect(['/admin/login', '/admin/forgot', '/admin/reset/abc'].every(isPublicAdminPath)).toBe(true);
    expect(['/admin', '/admin/articles', '/admin/login/x', '/admin/resetx', '/admin/users'].some(isPublicAdminPath)).toBe(false);
  });
});
