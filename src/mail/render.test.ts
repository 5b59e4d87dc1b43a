import { describe, expect, it } from 'vitest';
import { preloadMjml, renderMjml } from './render.js';

describe('MJML on its own thread', () => {
  it('compiles a document to HTML, the same after a preload', async () => {
    preloadMjml();
    const html = await renderMjml('<mjml><mj-body><mj-section><mj-column><mj-text>Hello readers</mj-text></mj-column></mj-section></mj-body></mjml>');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('Hello readers');
  });

  it('refuses a document MJML finds invalid, naming the problem, and compiles the next one', async () => {
    const refused = await renderMjml('<mjml><mj-body><mj-text>outside a column</mj-text></mj-body></mjml>').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/^MJML: [\s\S]*mj-text/);
    expect(await renderMjml('<mjml><mj-body><mj-section><mj-column><mj-text>Again</mj-text></mj-column></mj-section></mj-body></mjml>')).toContain('Again');
  });
});
