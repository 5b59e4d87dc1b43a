import type { MediaService } from '../media/media-service.js';

/**
 * The demo's pictures: original illustrations drawn here as SVG (shapes and colours, no
 * photographs) and put through the media library like any upload, so the demo's fronts,
 * articles, author pages and print issues show pictures in every size and format.
 */

interface Illustration {
  alt: string;
  svg: string;
}

const W = 1200;
const H = 800;
const scene = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${body}</svg>`;

/** One illustration per section, each described for a reader who cannot see it. */
export const sectionIllustrations: Record<string, Illustration> = {
  world: {
    alt: 'Illustration: a blue globe crossed by curved amber lines, like flight paths, on a dark navy ground.',
    svg: scene(
      `<rect width="${W}" height="${H}" fill="#14263a"/><circle cx="600" cy="420" r="300" fill="#2f6f9f"/>` +
        `<path d="M330 300 Q600 120 880 330 M300 470 Q600 330 910 520 M380 640 Q640 520 860 650" stroke="#f2b134" stroke-width="14" fill="none" stroke-linecap="round"/>` +
        `<circle cx="880" cy="330" r="18" fill="#f2b134"/><circle cx="300" cy="470" r="18" fill="#f2b134"/>`,
    ),
  },
  politics: {
    alt: 'Illustration: rows of red, white and slate-blue columns of different heights, like a bar chart or a colonnade, under a pale sky.',
    svg: scene(
      `<rect width="${W}" height="${H}" fill="#ece6da"/>` +
        [180, 320, 260, 420, 360, 500, 300]
          .map((h, i) => `<rect x="${120 + i * 140}" y="${H - 80 - h}" width="90" height="${h}" fill="${['#9b1c1c', '#fdfbf6', '#3b4a63'][i % 3]}" stroke="#1a1a1a" stroke-width="4"/>`)
          .join('') +
        `<rect x="80" y="${H - 80}" width="1040" height="16" fill="#1a1a1a"/>`,
    ),
  },
  environment: {
    alt: 'Illustration: an orange sun low over layered green hills, with a blue river winding through the valley.',
    svg: scene(
      `<rect width="${W}" height="${H}" fill="#f6d9a8"/><circle cx="860" cy="300" r="150" fill="#e8772e"/>` +
        `<path d="M0 520 Q300 380 620 500 T1200 460 V800 H0Z" fill="#6f9e58"/><path d="M0 620 Q360 520 700 620 T1200 600 V800 H0Z" fill="#2f6b3e"/>` +
        `<path d="M520 800 Q600 700 560 640 T640 560" stroke="#3f8fc4" stroke-width="36" fill="none" stroke-linecap="round"/>`,
    ),
  },
  business: {
    alt: 'Illustration: a rising zigzag line in gold over a dark green grid, ending in an arrow pointing up and to the right.',
    svg: scene(
      `<rect width="${W}" height="${H}" fill="#173a2c"/>` +
        Array.from({ length: 11 }, (_, i) => `<path d="M${i * 120} 0 V${H} M0 ${i * 80} H${W}" stroke="#24513f" stroke-width="3"/>`).join('') +
        `<path d="M100 640 L320 520 L470 580 L700 340 L860 420 L1060 170" stroke="#f0c040" stroke-width="22" fill="none" stroke-linejoin="round"/>` +
        `<path d="M1000 160 L1090 150 L1070 240Z" fill="#f0c040"/>`,
    ),
  },
  culture: {
    alt: 'Illustration: overlapping circles in magenta, yellow and teal on a cream background, like stage lights meeting on a curtain.',
    svg: scene(
      `<rect width="${W}" height="${H}" fill="#f7f0e1"/>` +
        `<circle cx="480" cy="360" r="240" fill="#c2185b" fill-opacity="0.8"/><circle cx="720" cy="360" r="240" fill="#f2c12e" fill-opacity="0.8"/>` +
        `<circle cx="600" cy="540" r="240" fill="#1b8a8a" fill-opacity="0.8"/>`,
    ),
  },
  ideas: {
    alt: 'Illustration: a single lit lightbulb drawn in simple yellow shapes against a deep purple background with faint rays.',
    svg: scene(
      `<rect width="${W}" height="${H}" fill="#2d1f4a"/>` +
        Array.from({ length: 12 }, (_, i) => {
          const a = (i * Math.PI) / 6;
          return `<path d="M${600 + Math.cos(a) * 230} ${330 + Math.sin(a) * 230} L${600 + Math.cos(a) * 330} ${330 + Math.sin(a) * 330}" stroke="#6a56a0" stroke-width="12" stroke-linecap="round"/>`;
        }).join('') +
        `<circle cx="600" cy="330" r="170" fill="#ffd54a"/><rect x="540" y="470" width="120" height="110" rx="16" fill="#c9c3d6"/>` +
        `<path d="M540 510 H660 M540 545 H660" stroke="#8a829c" stroke-width="10"/>`,
    ),
  },
};

/** A writer's portrait as an abstract head and shoulders in their own colour (decorative beside their name). */
const portrait = (hue: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400"><rect width="400" height="400" fill="hsl(${hue} 45% 82%)"/>` +
  `<circle cx="200" cy="160" r="82" fill="hsl(${hue} 35% 38%)"/><path d="M60 400 Q60 270 200 270 Q340 270 340 400Z" fill="hsl(${hue} 35% 30%)"/></svg>`;

/** A print cover: the issue number in large figures over bands of colour. */
const cover = (number: number, hue: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800" viewBox="0 0 600 800"><rect width="600" height="800" fill="hsl(${hue} 40% 88%)"/>` +
  `<rect y="0" width="600" height="130" fill="#9b1c1c"/><text x="300" y="95" text-anchor="middle" font-family="serif" font-size="72" font-weight="700" fill="#fffdf8">The Meridian</text>` +
  `<circle cx="300" cy="470" r="210" fill="hsl(${hue} 45% 45%)"/><text x="300" y="${String(number).length > 3 ? 515 : 540}" text-anchor="middle" font-family="serif" font-size="${String(number).length > 3 ? 130 : 200}" font-weight="700" fill="#fffdf8">${number}</text></svg>`;

export interface DemoPictures {
  /** Lead image (media id and alt text) for each section's articles. */
  bySection: Map<string, { mediaId: number; alt: string }>;
  /** Photo URL for each author slug. */
  authorPhotos: Map<string, string>;
  /** Cover URL for each print issue number. */
  covers: Map<number, string>;
}

/** Draws and uploads the demo's pictures: one per section, one per writer, one per print issue. */
export async function makeDemoPictures(media: MediaService, authorSlugs: string[], issueNumbers: number[]): Promise<DemoPictures> {
  const { default: sharp } = await import('sharp');
  const png = (svg: string) => sharp(Buffer.from(svg)).png().toBuffer();
  const pictures: DemoPictures = { bySection: new Map(), authorPhotos: new Map(), covers: new Map() };
  for (const [section, art] of Object.entries(sectionIllustrations)) {
    const item = await media.upload({ bytes: await png(art.svg), name: `${section}.png` }, { alt: art.alt, credit: 'Illustration: The Meridian' });
    pictures.bySection.set(section, { mediaId: item.id, alt: art.alt });
  }
  for (const [i, slug] of authorSlugs.entries()) {
    const item = await media.upload({ bytes: await png(portrait((i * 53) % 360)), name: `${slug}.png` }, { alt: 'Portrait of the writer, drawn as a plain head-and-shoulders shape' });
    pictures.authorPhotos.set(slug, item.sources.at(-1)!.src);
  }
  for (const [i, number] of issueNumbers.entries()) {
    const item = await media.upload({ bytes: await png(cover(number, 20 + i * 90)), name: `cover-${number}.png` }, { alt: `Cover of issue ${number}` });
    pictures.covers.set(number, item.src);
  }
  return pictures;
}
