import { describe, expect, it } from 'vitest';
import type { Actor } from '../content/article-policy.js';
import { authorizeMedia, canOnMedia } from './media-policy.js';

const as = (role: Actor['role'], id = 1): Actor => ({ id, role, author_id: null });
const mine = { userId: 1 };
const theirs = { userId: 2 };

describe('media policy', () => {
  it('lets every role upload', () => {
    for (const role of ['contributor', 'writer', 'editor', 'admin'] as const) expect(canOnMedia(as(role), 'media.upload')).toBe(true);
  });

  it('lets writers and contributors edit only their own uploads, editors any', () => {
    expect(canOnMedia(as('writer'), 'media.edit', mine)).toBe(true);
    expect(canOnMedia(as('contributor'), 'media.edit', mine)).toBe(true);
    expect(canOnMedia(as('writer'), 'media.edit', theirs)).toBe(false);
    expect(canOnMedia(as('writer'), 'media.edit', { userId: null })).toBe(false);
    expect(canOnMedia(as('editor'), 'media.edit', theirs)).toBe(true);
  });

  it('leaves deleting to editors and admins, saying why to the others', () => {
    expect(canOnMedia(as('writer'), 'media.delete', mine)).toBe(false);
    expect(canOnMedia(as('editor'), 'media.delete', theirs)).toBe(true);
    expect(canOnMedia(as('admin'), 'media.delete', theirs)).toBe(true);
    expect(() => authorizeMedia(as('writer'), 'media.delete', mine)).toThrow('A writer may not delete images: it needs the editor role');
    expect(() => authorizeMedia(as('contributor'), 'media.edit', theirs)).toThrow('A contributor may edit only the images they uploaded');
  });
});
