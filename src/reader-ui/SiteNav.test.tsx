import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { defaultSiteSettings } from '../settings/site-settings.js';
import type { SiteChrome } from './Layout.js';
import { SiteFooter, SiteHeader } from './SiteNav.js';

const chrome = (pages?: SiteChrome['pages']): SiteChrome => ({
  siteName: 'The Test',
  sections: [
    { id: 1, slug: 'world', name: 'World' },
    { id: 2, slug: 'politics', name: 'Politics' },
  ] as SiteChrome['sections'],
  settings: { ...defaultSiteSettings, supportPrompt: 'Pay for our reporting.' },
  pages,
});

const render = async (node: unknown) => parseHTML(`<html><body>${await String(await node)}</body></html>`).document;
const links = (root: Element | null) => [...(root?.querySelectorAll('a') ?? [])].map((a) => `${a.textContent} ${a.getAttribute('href')}`);

describe('the site header', () => {
  it('has a labelled GET search box to /search, the sections, newsletters and support, and a phone menu in <details>', async () => {
    const doc = await render(<SiteHeader chrome={chrome()} />);
    const search = doc.querySelector('header form[role="search"]')!;
    expect(search.getAttribute('method')).toBe('get');
    expect(search.getAttribute('action')).toBe('/search');
    const input = search.querySelector('input[name="q"]')!;
    expect(doc.querySelector(`label[for="${input.id}"]`)?.textContent?.trim()).toBe('Search articles');
    expect(links(doc.querySelector('nav[aria-label="Site sections"]'))).toEqual(['World /world', 'Politics /politics']);
    expect(links(doc.querySelector('nav[aria-label="Reader services"]'))).toEqual(['Newsletters /newsletters', 'Support us /support']);
    expect(doc.querySelector('details.menu > summary')?.textContent).toBe('Menu');
    expect(links(doc.querySelector('details.menu nav[aria-label="Menu"]'))).toEqual(['World /world', 'Politics /politics', 'Newsletters /newsletters', 'Archive /archive', 'Support us /support', 'Your account /account']);
    expect(doc.querySelector('.support-prompt a')?.textContent).toBe('Pay for our reporting.');
  });
});

describe('the site footer', () => {
  it('links the sections, newsletters, archive, RSS and every page, and asks for support', async () => {
    const doc = await render(
      <SiteFooter
        chrome={chrome([
          { slug: 'about', title: 'About' },
          { slug: 'contact', title: 'Contact' },
          { slug: 'privacy', title: 'Privacy' },
          { slug: 'terms', title: 'Terms' },
        ])}
      />,
    );
    const footer = links(doc.querySelector('footer nav[aria-label="Footer"]'));
    expect(footer).toEqual([
      'World /world',
      'Politics /politics',
      'Newsletters /newsletters',
      'Archive /archive',
      'Support us /support',
      'Your account /account',
      'Search /search',
      'RSS feed /feed',
      'About /about',
      'Contact /contact',
      'Privacy /privacy',
      'Terms /terms',
    ]);
    expect(doc.querySelector('.footer-ask p')?.textContent).toBe('Pay for our reporting.');
    expect(links(doc.querySelector('.footer-ask'))).toEqual(['Support The Test /support']);
  });

  it('lists no pages, and no empty heading for them, when the site has none', async () => {
    for (const pages of [undefined, []]) {
      const doc = await render(<SiteFooter chrome={chrome(pages)} />);
      expect([...doc.querySelectorAll('.footer-nav h2')].map((h) => h.textContent)).toEqual(['Sections', 'Read']);
    }
  });
});
