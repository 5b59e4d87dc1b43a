import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition } from './workflow.js';

describe('workflow', () => {
  it('lets a draft go to review, schedule or publish', () => {
    expect(canTransition('draft', 'in_review')).toBe(true);
    expect(canTransition('draft', 'scheduled')).toBe(true);
    expect(canTransition('draft', 'published')).toBe(true);
  });

  it('refuses to turn a live article straight back into a draft', () => {
    expect(() => assertTransition('published', 'draft')).toThrow('An article cannot go from "published" to "draft"');
    expect(() => assertTransition('draft', 'unpublished')).toThrow(/"draft" to "unpublished"/);
  });
});
