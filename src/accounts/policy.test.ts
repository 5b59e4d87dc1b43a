import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../errors.js';
import { authorize, can, type DeskAction } from './policy.js';
import type { Role } from './users.js';

const as = (role: Role, author_id: number | null = 7) => ({ id: 1, role, author_id });
const draftBy = (authorId: number, status: 'draft' | 'in_review' | 'published' = 'draft') => ({ status, authors: [{ id: authorId }] });

describe('desk actions', () => {
  const table: Array<[DeskAction, Role[]]> = [
    ['taxonomy.manage', ['editor', 'admin']],
    ['printIssues.manage', ['editor', 'admin']],
    ['partners.manage', ['editor', 'admin']],
    ['newsletters.manage', ['editor', 'admin']],
    ['users.manage', ['admin']],
    ['settings.manage', ['admin']],
  ];
  for (const [action, allowed] of table) {
    for (const role of ['contributor', 'writer', 'editor', 'admin'] as const) {
      it(`${action}: ${role} ${allowed.includes(role) ? 'may' : 'may not'}`, () => {
        expect(can(as(role), action)).toBe(allowed.includes(role));
        if (allowed.includes(role)) expect(() => authorize(as(role), action)).not.toThrow();
        else expect(() => authorize(as(role), action)).toThrow(ForbiddenError);
      });
    }
  }

  it('names the role needed', () => {
    expect(() => authorize(as('editor'), 'users.manage')).toThrow('A editor may not do this: it needs the admin role');
  });

  it('refuses an unknown role', () => {
    expect(can({ id: 1, role: 'intern' as Role, author_id: null }, 'taxonomy.manage')).toBe(false);
  });
});

describe('article actions go to the article rules', () => {
  it('a contributor edits and submits an own draft, never publishes', () => {
    expect(can(as('contributor'), 'article.create')).toBe(true);
    expect(can(as('contributor'), 'article.edit', draftBy(7))).toBe(true);
    expect(can(as('contributor'), 'article.submit', draftBy(7))).toBe(true);
    expect(can(as('contributor'), 'article.edit', draftBy(7, 'in_review'))).toBe(false);
    expect(can(as('contributor'), 'article.publish', draftBy(7))).toBe(false);
    expect(can(as('contributor'), 'article.edit', draftBy(8))).toBe(false);
  });

  it('a writer publishes their own, not others\'', () => {
    expect(can(as('writer'), 'article.publish', draftBy(7))).toBe(true);
    expect(can(as('writer'), 'article.publish', draftBy(8))).toBe(false);
    expect(can(as('writer', null), 'article.edit', draftBy(7))).toBe(false);
  });

  it('editors and admins act on anyone\'s', () => {
    for (const role of ['editor', 'admin'] as const) {
      expect(can(as(role, null), 'article.publish', draftBy(8))).toBe(true);
      expect(can(as(role, null), 'article.unpublish', draftBy(8, 'published'))).toBe(true);
    }
  });

  it('authorize throws ForbiddenError for a refused article action', () => {
    expect(() => authorize(as('contributor'), 'article.publish', draftBy(7))).toThrow('A contributor may not do "publish" on this article');
  });
});
