import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { bodyText, parseBody, type Block } from './blocks.js';

const TYPES = ['paragraph', 'heading', 'quote', 'pullquote', 'image', 'list', 'embed', 'note'];
const FIELDS = ['type', 'content', 'text', 'level', 'attribution', 'src', 'alt', 'caption', 'credit', 'width', 'height', 'sources', 'ordered', 'items', 'url', 'title', 'provider', 'html', 'kind', 'date', 'bold', 'italic', 'href'];

const url = fc.oneof(
  fc.webUrl(),
  fc.constantFrom('/media/u/x/320.webp', '//evil.example/', '/\\evil.example/', 'javascript:alert(1)', 'data:text/html,x', 'http://[', '__GHOST_URL__/content/images/a.jpg', ''),
  fc.string({ maxLength: 40 }),
);
const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ minLength: 2000, maxLength: 2100 }));
const inline = fc.record({ text, bold: fc.boolean(), href: url }, { requiredKeys: ['text'] });

/** A value for any field: often the right kind, sometimes anything at all. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  text,
  url,
  fc.integer({ min: -5, max: 5000 }),
  fc.double(),
  fc.boolean(),
  fc.array(inline, { maxLength: 3 }),
  fc.array(fc.array(inline, { maxLength: 2 }), { maxLength: 3 }),
  fc.array(fc.record({ src: url, width: fc.integer() }), { maxLength: 3 }),
  fc.constantFrom('correction', 'update', '2026-01-07', '2026-02-30', 2, 3, 4),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Objects shaped like blocks, with a known or unknown type and any mix of fields, known or not. */
const blockLike = fc
  .tuple(
    fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 20 }), fc.string({ minLength: 1000, maxLength: 1100 })),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 20 }), fc.string({ minLength: 1000, maxLength: 1100 })), fieldValue, { maxKeys: 6 }),
  )
  .map(([type, fields]) => ({ ...fields, type }));

const anyBody = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.array(fc.oneof(blockLike, fc.jsonValue({ maxDepth: 3 })), { maxLength: 80, size: '+1' }));

/** Blocks the schema must accept, unchanged. */
const plain = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0);
const link = fc.oneof(fc.constant(undefined), fc.constantFrom('https://example.org/a?b=c', 'http://example.org/', '/world/2026/01/a-story'));
const validInline = fc.record({ text: plain, bold: fc.boolean(), italic: fc.boolean(), href: link }, { requiredKeys: ['text'] }).map((i) => JSON.parse(JSON.stringify(i)) as object);
const validBlock: fc.Arbitrary<Block> = fc.oneof(
  fc.array(validInline, { minLength: 1, maxLength: 3 }).map((content) => ({ type: 'paragraph', content }) as Block),
  fc.record({ type: fc.constant('heading' as const), level: fc.constantFrom(2 as const, 3 as const, 4 as const), text: plain }),
  fc.record({ type: fc.constant('pullquote' as const), text: plain }),
  fc.record({ type: fc.constant('image' as const), src: fc.constantFrom('https://example.org/a.jpg', '/media/u/ab/320.webp'), alt: fc.string({ maxLength: 40 }), width: fc.integer({ min: 1, max: 9000 }) }),
  fc.record({ type: fc.constant('list' as const), ordered: fc.boolean(), items: fc.array(fc.array(validInline, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 }) }) as fc.Arbitrary<Block>,
  fc.record({ type: fc.constant('note' as const), kind: fc.constantFrom('correction' as const, 'update' as const), date: fc.constantFrom('2026-01-07', '1999-12-31'), text: plain }),
  fc.constant({ type: 'divider' } as Block),
);

// Property-based: whatever JSON reaches the body field (an API client, an importer, a crafted form), the
// schema either returns blocks the renderer can use or refuses them with a ValidationError, briefly.
describe('parseBody on any JSON', { timeout: 20_000 }, () => {
  it('returns usable blocks or throws a ValidationError naming body fields, in a bounded message', () => {
    fc.assert(
      fc.property(anyBody, (input) => {
        let body: Block[];
        try {
          body = parseBody(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          const { issues, message } = error as ValidationError;
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) {
            expect(issue.path).toMatch(/^body(\.|$)/);
            expect(issue.path.length + issue.message.length).toBeLessThanOrEqual(310);
          }
          // Never the input echoed back: no overlong key or value, however many blocks are wrong.
          expect(message.length).toBeLessThanOrEqual(3500);
          return;
        }
        expect(typeof bodyText(body)).toBe('string');
        // What is stored is JSON: it reads back as the same body.
        expect(parseBody(JSON.parse(JSON.stringify(body)))).toEqual(body);
      }),
      { numRuns: 200 },
    );
  });

  it('names a few of many faults, and cuts an overlong unknown field name short', () => {
    const key = 'k'.repeat(10_000);
    const error = (() => {
      try {
        parseBody(Array.from({ length: 500 }, () => ({ type: 'pullquote', text: 'x', [key]: 1 })));
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.message).toMatch(/^The article body is malformed: body\.0: Unrecognized key: "k{100,200}…; .*; and 490 more$/);
    expect(error!.message.length).toBeLessThan(3000);
    expect(error!.issues).toHaveLength(500);
  });

  it('accepts well-formed blocks unchanged', () => {
    fc.assert(
      fc.property(fc.array(validBlock, { maxLength: 8 }), (body) => {
        expect(parseBody(body)).toEqual(body);
      }),
      { numRuns: 300 },
    );
  });
});
