import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../../errors.js';
import { refusalOf, refusalView, saveOrRefuse } from './refusal.js';

describe('a refused save on its form', () => {
  it("puts each of a ValidationError's issues on its field, renamed where the form calls it otherwise", () => {
    const error = new ValidationError('Invalid account', [
      { path: 'name', message: 'is required' },
      { path: 'author', message: 'is not an author profile' },
    ]);
    expect(refusalOf(error, { rename: { author: 'authorId' } })).toEqual({ message: 'Invalid account', fields: { name: 'is required', authorId: 'is not an author profile' } });
  });

  it('keeps what belongs to no field, or a second problem of one field, in the summary', () => {
    const error = new ValidationError('Invalid topic', [
      { path: '', message: 'is empty' },
      { path: 'name', message: 'is required' },
      { path: 'name', message: 'is too long' },
    ]);
    expect(refusalOf(error)).toEqual({ message: 'Invalid topic: (root): is empty; name: is too long', fields: { name: 'is required' } });
  });

  it('puts a clash on the field it names, or says it whole when it names none', () => {
    const taken = new ConflictError('The section slug "world" is already taken');
    expect(refusalOf(taken, { conflictField: 'slug' })).toEqual({ message: 'Nothing was saved', fields: { slug: 'The section slug "world" is already taken' } });
    expect(refusalOf(taken)).toEqual({ message: 'The section slug "world" is already taken', fields: {} });
  });

  it("words each problem after its field's label, and lists in the summary those this form has no field for", () => {
    const refusal = { message: 'Invalid section', fields: { slug: 'is reserved for a site page', name: 'The name "X" is taken', id: 'must be positive' } };
    expect(refusalView(refusal, { slug: 'Slug', name: 'Name' })).toEqual({
      message: 'Invalid section: id: must be positive',
      errors: { slug: 'Slug is reserved for a site page', name: 'The name "X" is taken' },
    });
    expect(refusalView(undefined, { slug: 'Slug' })).toEqual({ errors: {} });
  });

  it('answers the form again only for refusals a person can fix', async () => {
    const again = async (refusal: { message: string }, status: number) => new Response(refusal.message, { status });
    const refused = await saveOrRefuse(() => Promise.reject(new ValidationError('Invalid topic', [{ path: 'name', message: 'is required' }])), again);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toBe('Invalid topic');
    await expect(saveOrRefuse(() => Promise.reject(new ForbiddenError('no')), again)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
