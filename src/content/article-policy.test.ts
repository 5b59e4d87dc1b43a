import { describe, expect, it } from 'vitest';
import { canOnArticle, deskFieldRefusal, type Actor, type DeskFields } from './article-policy.js';

const contributor: Actor = { id: 1, role: 'contributor', author_id: 10 };
const writer: Actor = { id: 2, role: 'writer', author_id: 20 };
const unlinked: Actor = { id: 3, role: 'writer', author_id: null };
const editor: Actor = { id: 4, role: 'editor', author_id: null };
const by = (status: 'draft' | 'scheduled' | 'published' | 'unpublished', ...ids: number[]) => ({ status, authors: ids.map((id) => ({ id })) });

describe('who may see an article', () => {
  it('lets contributors see their own in any state, writers also the published, the desk everything', () => {
    const cases: Array<[Actor, ReturnType<typeof by>, boolean]> = [
      [contributor, by('scheduled', 10), true],
      [contributor, by('published', 20), false],
      [writer, by('scheduled', 10), false],
      [writer, by('unpublished', 10), false],
      [writer, by('published', 10), true],
      [writer, by('draft', 10, 20), true],
      [unlinked, by('published'), true],
      [unlinked, by('draft'), false],
      [editor, by('draft', 10), true],
    ];
    for (const [user, article, expected] of cases) expect(canOnArticle(user, 'article.view', article), `${user.role} ${JSON.stringify(article)}`).toBe(expected);
  });

  it('lets only accounts with an author profile create articles, besides the desk', () => {
    expect(canOnArticle(unlinked, 'article.create')).toBe(false);
    expect(canOnArticle(writer, 'article.create')).toBe(true);
    expect(canOnArticle(editor, 'article.create')).toBe(true);
  });
});

describe('fields only the desk may change', () => {
  const stored: DeskFields = { sponsor: 'Rail Co', printIssue: 42, authorIds: [20, 30] };

  it('lets a writer send the stored values back, reorder the byline, and add or drop only themselves', () => {
    expect(deskFieldRefusal(writer, stored, { sponsor: 'Rail Co', printIssue: 42, authorIds: [30, 20] })).toBeUndefined();
    expect(deskFieldRefusal(writer, stored, { authorIds: [30] })).toBeUndefined();
    expect(deskFieldRefusal(writer, { ...stored, authorIds: [30] }, { authorIds: [30, 20] })).toBeUndefined();
  });

  it("refuses a writer's sponsor, print issue and colleague changes, and allows the desk all of them", () => {
    expect(deskFieldRefusal(writer, stored, { sponsor: null })).toContain('sponsor');
    expect(deskFieldRefusal(writer, stored, { printIssue: 43 })).toContain('print issue');
    expect(deskFieldRefusal(writer, stored, { authorIds: [20] })).toContain('only their own byline');
    expect(deskFieldRefusal(contributor, { sponsor: null, printIssue: null, authorIds: [] }, { authorIds: [10, 20] })).toContain('only their own byline');
    expect(deskFieldRefusal(editor, stored, { sponsor: null, printIssue: null, authorIds: [99] })).toBeUndefined();
  });
});
