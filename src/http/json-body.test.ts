import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { parseJson } from './json-body.js';

describe('parseJson', () => {
  it('parses ordinary JSON, brackets inside strings not counted', () => {
    expect(parseJson('{"a":[1,{"b":"[[[[\\\\\\"{{"}]}', 3)).toEqual({ a: [1, { b: '[[[[\\"{{' }] });
  });

  it('refuses nesting deeper than the cap with a ValidationError naming it', () => {
    expect(() => parseJson('[[[1]]]', 2)).toThrow(/nested too deeply.*more than 2 levels/);
    expect(() => parseJson(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toThrow(ValidationError);
  });

  it('refuses text that is not JSON with a ValidationError, quoting none of it', () => {
    expect(() => parseJson('{"email": secret')).toThrow(ValidationError);
    expect(() => parseJson('{"email": secret')).toThrow(/^The request body is not valid JSON$/);
  });
});
