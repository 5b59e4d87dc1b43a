import { HtmlValidate } from 'html-validate';
import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Article } from '../src/content/article-store.js';
import { b, parseBody, type Block } from '../src/content/blocks.js';
import { sections as demoSections } from '../src/demo/content/catalogue.js';
import { sectionIllustrations } from '../src/demo/pictures.js';
import type { MediaItem } from '../src/media/media-service.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, publishedSeries, seedNewsroom, uploadedImage } from './support/fixtures.js';

const siteUrl = 'https://meridian.test';

describeEachDatabase('pictures on reader pages', (fixture) => {
  let instance: ReturnType<typeof createApp> | undefined;
  const app = () => (instance ??= createApp({ services: fixture().services, config: { siteName: 'The Meridian', timeZone: 'Europe/London', siteUrl } }));
  const html = async (path: string) => {
    const res = await app().request(path);
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const get = async (path: string) => parseHTML(await html(path)).document;
  /** The teaser linking to `path` on a list page. */
  const cardFor = (doc: Document, path: string) => doc.querySelector(`article.card:has(a[href="${path}"])`) ?? [...doc.querySelectorAll('article.card')].find((c) => c.querySelector(`a[href="${path}"]`));

  let photo: MediaItem;
  let pictured: Article;
  let plain: Article;
  let opinion: Article;
  let column: Article;
  let bodyPictured: Article;

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await services.taxonomy.upsertSection({ slug: 'ideas', name: 'Ideas', description: 'Essays and argument.' });
    await services.taxonomy.upsertAuthor({ slug: 'ada-reporter', name: 'Ada Reporter', bio: 'Covers Europe.', photoUrl: '/media/ada.jpg' });
    await services.taxonomy.upsertPrintIssue({ number: 42, date: '2026-01-09', title: 'The year ahead', coverUrl: '/media/cover-42.jpg' });
    photo = await uploadedImage(services, { alt: 'Cranes over the harbour at dusk', caption: 'The docks', credit: 'Photo: Desk' }, { width: 900, height: 600 });
    const inBody = await uploadedImage(services, { alt: 'A chart of the harbour’s tonnage' }, { width: 700, height: 500 });
    // A body image stored before AVIF: sources without their AVIF twins, still valid and still drawn.
    const olderBlock: Block = { type: 'image', src: '/media/old-1024.webp', alt: 'An older picture', width: 1024, height: 683, sources: [{ src: '/media/old-320.webp', width: 320 }, { src: '/media/old-1024.webp', width: 1024 }] };
    pictured = await publishedArticle(
      services,
      { headline: 'The harbour wakes', topics: ['elections'], printIssue: 42, imageMediaId: photo.id, imageAlt: photo.alt, imageCaption: 'The docks at dusk', imageFocalX: 30, imageFocalY: 70, body: [b.p('First.'), services.media.imageBlock(inBody), b.p('Then.'), olderBlock] },
      { publishedAt: '2026-01-08T09:00:00.000Z' },
    );
    plain = await publishedArticle(services, { headline: 'Words alone', topics: ['elections'], printIssue: 42 }, { publishedAt: '2026-01-07T09:00:00.000Z' });
    opinion = await publishedArticle(services, { headline: 'A view of the docks', section: 'ideas', authors: ['ada-reporter'] }, { publishedAt: '2026-01-06T09:00:00.000Z' });
    // A writer's photo and a print cover uploaded to the media library, their fields holding one rendition's URL.
    const face = await uploadedImage(services, { alt: 'Cleo Columnist' }, { width: 400, height: 400, colour: '#a35' });
    await services.taxonomy.upsertAuthor({ slug: 'cleo-columnist', name: 'Cleo Columnist', bio: 'Argues.', photoUrl: face.sources.at(-1)!.src });
    const cover = await uploadedImage(services, { alt: 'Cover of issue 43' }, { width: 600, height: 800, colour: '#c84' });
    await services.taxonomy.upsertPrintIssue({ number: 43, date: '2026-01-16', title: 'Spring', coverUrl: cover.src });
    column = await publishedArticle(services, { headline: 'In praise of ferries', section: 'ideas', authors: ['cleo-columnist'], printIssue: 43 }, { publishedAt: '2025-01-10T12:00:00.000Z' });
    bodyPictured = await publishedArticle(services, { headline: 'Pictures further down', body: [b.p('First.'), services.media.imageBlock(inBody), b.p('Then.'), services.media.imageBlock(inBody)] }, { publishedAt: '2025-12-01T09:00:00.000Z' });
    // Enough pictured politics pieces for a second page of the section.
    await publishedSeries(services, 24, { section: 'politics', imageMediaId: photo.id, imageAlt: photo.alt });
  });

  it('keeps stored image blocks valid and takes AVIF sources beside the WebP ones', () => {
    const old = { type: 'image', src: '/media/a.webp', alt: 'A', sources: [{ src: '/media/a-320.webp', width: 320 }] };
    expect(parseBody([old])).toEqual([old]);
    const both = { ...old, avif: [{ src: '/media/a-320.avif', width: 320 }] };
    expect(parseBody([both])).toEqual([both]);
    expect(() => parseBody([{ ...old, avif: [{ src: 'javascript:alert(1)', width: 320 }] }])).toThrow(/avif/);
    expect(photo.avif.map((s) => s.width)).toEqual(photo.sources.map((s) => s.width));
  });

  it('shows the lead image as a thumbnail on every list (search results too), with AVIF and WebP sources, its size, and no box for an article without one', async () => {
    for (const path of ['/', '/world', '/topic/elections', '/author/ada-reporter', '/issue/42', '/archive/2026/01', '/search?q=harbour']) {
      const doc = await get(path);
      const card = cardFor(doc, pictured.path);
      expect(card, path).toBeTruthy();
      const img = card!.querySelector('picture img')!;
      expect(img.getAttribute('alt'), path).toBe('Cranes over the harbour at dusk');
      expect([img.getAttribute('width'), img.getAttribute('height')], path).toEqual(['900', '600']);
      expect(img.getAttribute('class'), path).toContain('focal-x-30 focal-y-70');
      const avif = card!.querySelector('source[type="image/avif"]')!;
      const webp = card!.querySelector('source[type="image/webp"]')!;
      expect(avif.getAttribute('srcset'), path).toMatch(/^\/media\/u\/[0-9a-f]{32}\/320\.avif 320w, .*900\.avif 900w$/);
      expect(webp.getAttribute('srcset'), path).toMatch(/320\.webp 320w, .*900\.webp 900w$/);
      expect(avif.getAttribute('sizes'), path).toBeTruthy();
      expect(img.getAttribute('src'), path).toBe(photo.src);

      const plainCard = cardFor(doc, plain.path);
      if (plainCard) expect(plainCard.querySelector('picture, img'), path).toBeNull();

      // No layout shift: every picture on the page has its size; at most one is fetched first, the rest wait.
      const imgs = [...doc.querySelectorAll('main img')];
      for (const i of imgs) expect([i.getAttribute('width'), i.getAttribute('height')].every((v) => Number(v) > 0), `${path} ${i.outerHTML}`).toBe(true);
      const first = imgs.filter((i) => i.getAttribute('fetchpriority') === 'high');
      expect(first.length, path).toBeLessThanOrEqual(1);
      // The author's photo is small but at the top: loaded at once, without jumping the queue.
      for (const i of imgs.filter((i) => !first.includes(i) && !i.matches('.author-photo'))) expect([i.getAttribute('loading'), i.getAttribute('decoding')], `${path} ${i.outerHTML}`).toEqual(['lazy', 'async']);
    }
  });

  it('fetches the home lead’s picture first and never lazily', async () => {
    const doc = await get('/');
    const lead = doc.querySelector('article.card-lead')!;
    expect(lead.querySelector(`a[href="${pictured.path}"]`)).toBeTruthy();
    const img = lead.querySelector('picture img')!;
    expect(img.getAttribute('fetchpriority')).toBe('high');
    expect(img.hasAttribute('loading')).toBe(false);
  });

  it('draws the article’s lead image first and its body images lazily, in AVIF and WebP', async () => {
    const doc = await get(pictured.path);
    const lead = doc.querySelector('figure.lead-image')!;
    const img = lead.querySelector('img')!;
    expect(img.getAttribute('fetchpriority')).toBe('high');
    expect(img.hasAttribute('loading')).toBe(false);
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['900', '600']);
    expect(lead.querySelector('source[type="image/avif"]')!.getAttribute('srcset')).toContain('.avif 900w');
    expect(lead.querySelector('figcaption')!.textContent).toContain('The docks at dusk');

    const body = [...doc.querySelectorAll('.article-body figure.image')];
    expect(body).toHaveLength(2);
    const [uploaded, older] = body as [Element, Element];
    expect(uploaded.querySelector('source[type="image/avif"]')!.getAttribute('srcset')).toContain('.avif 700w');
    expect(uploaded.querySelector('img')!.getAttribute('loading')).toBe('lazy');
    expect([uploaded.querySelector('img')!.getAttribute('width'), uploaded.querySelector('img')!.getAttribute('height')]).toEqual(['700', '500']);
    // The older block has no AVIF: its WebP sizes alone.
    expect(older.querySelector('source[type="image/avif"]')).toBeNull();
    expect(older.querySelector('source[type="image/webp"]')!.getAttribute('srcset')).toBe('/media/old-320.webp 320w, /media/old-1024.webp 1024w');
    expect(doc.querySelectorAll('main img[fetchpriority="high"]')).toHaveLength(1);
  });

  it('shows the writer’s photo in the byline of an opinion piece (a piece in the Ideas section), not of a report', async () => {
    const doc = await get(opinion.path);
    const photoImg = doc.querySelector('.byline img.byline-photo')!;
    expect(photoImg.getAttribute('src')).toBe('/media/ada.jpg');
    expect(photoImg.getAttribute('alt')).toBe('');
    expect(doc.querySelector('.byline')!.textContent).toContain('By Ada Reporter');
    expect((await get(plain.path)).querySelector('.byline img')).toBeNull();
  });

  it('shows the author’s photo on their page and print covers with their size', async () => {
    const author = (await get('/author/ada-reporter')).querySelector('.author-profile img')!;
    expect([author.getAttribute('src'), author.getAttribute('width'), author.getAttribute('height')]).toEqual(['/media/ada.jpg', '120', '120']);
    const issue = (await get('/issue/42')).querySelector('.issue-header img.issue-cover')!;
    expect([issue.getAttribute('alt'), issue.getAttribute('width'), issue.getAttribute('height'), issue.getAttribute('fetchpriority')]).toEqual(['Cover of issue 42', '300', '400', 'high']);
    const teaser = (await get('/archive/2026')).querySelector('.issue-teaser img.issue-cover')!;
    // The year's first cover is its largest picture.
    expect([teaser.getAttribute('width'), teaser.getAttribute('height'), teaser.getAttribute('fetchpriority')]).toEqual(['300', '400', 'high']);
  });

  it('gives uploaded writers’ photos and print covers every size in AVIF and WebP, at their drawn size; other URLs stay plain images', async () => {
    const avifOf = (img: Element | null | undefined) => {
      expect(img?.parentElement?.tagName).toBe('PICTURE');
      return img!.parentElement!.querySelector('source[type="image/avif"]')!.getAttribute('srcset');
    };
    const byline = (await get(column.path)).querySelector('.byline img.byline-photo')!;
    expect(avifOf(byline)).toMatch(/^\/media\/u\/[0-9a-f]{32}\/320\.avif 320w, .*400\.avif 400w$/);
    expect([byline.getAttribute('width'), byline.getAttribute('height'), byline.getAttribute('alt'), byline.getAttribute('loading')]).toEqual(['48', '48', '', 'lazy']);
    expect(byline.parentElement!.querySelector('source[type="image/webp"]')!.getAttribute('srcset')).toMatch(/400\.webp 400w$/);

    const rail = [...(await get('/')).querySelectorAll('.opinion-rail article')].find((card) => card.querySelector(`a[href="${column.path}"]`))?.querySelector('img.writer-photo');
    expect(avifOf(rail)).toContain('400.avif 400w');
    expect([rail!.getAttribute('width'), rail!.getAttribute('height')]).toEqual(['80', '80']);

    const profile = (await get('/author/cleo-columnist')).querySelector('.author-profile img.author-photo')!;
    expect(avifOf(profile)).toContain('400.avif 400w');
    expect([profile.getAttribute('width'), profile.getAttribute('height'), profile.getAttribute('fetchpriority'), profile.getAttribute('loading')]).toEqual(['120', '120', null, null]);

    const cover = (await get('/issue/43')).querySelector('.issue-header img.issue-cover')!;
    expect(avifOf(cover)).toContain('600.avif 600w');
    expect([cover.getAttribute('width'), cover.getAttribute('height'), cover.getAttribute('fetchpriority')]).toEqual(['300', '400', 'high']);
    const teaser = [...(await get('/archive/2026')).querySelectorAll('.issue-teaser')].find((t) => t.querySelector('a[href="/issue/43"]'))!;
    expect(avifOf(teaser.querySelector('img.issue-cover'))).toContain('600.avif 600w');

    // A photo from elsewhere (or not one of an upload's files) has no renditions to offer.
    expect((await get('/author/ada-reporter')).querySelector('.author-profile img')!.parentElement!.tagName).not.toBe('PICTURE');
  });

  it('fetches the largest picture first on topic, search, archive, author and later section pages, and an article’s first body picture when it has no lead image', async () => {
    for (const path of ['/topic/elections', '/search?q=harbour', '/archive/2026/01', '/politics?page=2', '/author/ada-reporter']) {
      const doc = await get(path);
      const first = [...doc.querySelectorAll('main img[fetchpriority="high"]')];
      expect(first, path).toHaveLength(1);
      // The first teaser's picture: on the author page not the 120 px photo above it.
      expect(first[0], path).toBe(doc.querySelector('main img.card-img'));
      expect(first[0]!.hasAttribute('loading'), path).toBe(false);
    }
    const article = await get(bodyPictured.path);
    const [top, lower] = [...article.querySelectorAll('.article-body figure.image img')] as [Element, Element];
    expect([top.getAttribute('fetchpriority'), top.getAttribute('loading')]).toEqual(['high', null]);
    expect(lower.getAttribute('loading')).toBe('lazy');
    // With a lead image, the lead is first and the body waits.
    expect((await get(pictured.path)).querySelector('.article-body img')!.getAttribute('loading')).toBe('lazy');
  });

  it('writes valid HTML on the pages with pictures', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    for (const path of ['/', '/world', pictured.path, opinion.path, column.path, bodyPictured.path, '/author/ada-reporter', '/author/cleo-columnist', '/issue/42', '/issue/43', '/archive/2026', '/search?q=harbour']) {
      const report = await validator.validateString(await html(path));
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)),
        path,
      ).toEqual([]);
    }
  });
});

it('gives every demo section an original illustration with alt text describing it', () => {
  for (const section of demoSections) {
    const art = sectionIllustrations[section.slug];
    expect(art, section.slug).toBeTruthy();
    expect(art!.alt.length, section.slug).toBeGreaterThan(40);
    expect(art!.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  }
});
