/**
 * What a news site's readers send, for benchmarks that must not be flattered by one constant
 * header a cache would always hit: 50 browsers' user agents (desktop, phone and tablet, the
 * makes and versions in use at the end of 2026) and 20 referrers (search, social, mail, other
 * sites, and the site's own pages). A fifth of the requests come with no referrer (typed,
 * bookmarked).
 */
const chromeVersions = ['131.0.0.0', '130.0.0.0', '129.0.0.0', '128.0.0.0', '127.0.0.0'];
const windows = 'Windows NT 10.0; Win64; x64';
const mac = 'Macintosh; Intel Mac OS X 10_15_7';
const phones = ['Pixel 8', 'Pixel 7a', 'SM-S921B', 'SM-A546B', 'moto g 5G - 2024', '2312DRA50G'];
const iosVersions = ['18_1', '18_0_1', '17_6_1', '17_5', '16_7_10'];

export const userAgents: string[] = [
  ...chromeVersions.map((v) => `Mozilla/5.0 (${windows}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36`),
  ...chromeVersions.slice(0, 4).map((v) => `Mozilla/5.0 (${mac}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36`),
  ...chromeVersions.slice(0, 3).map((v) => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36`),
  ...phones.map((model, i) => `Mozilla/5.0 (Linux; Android ${14 - (i % 3)}; ${model}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chromeVersions[i % 5]} Mobile Safari/537.36`),
  ...['SM-X710', 'SM-X210'].map((model) => `Mozilla/5.0 (Linux; Android 14; ${model}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36`),
  ...iosVersions.map((v) => `Mozilla/5.0 (iPhone; CPU iPhone OS ${v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v.split('_')[0]}.${v.split('_')[1]} Mobile/15E148 Safari/604.1`),
  ...iosVersions.slice(0, 3).map((v) => `Mozilla/5.0 (iPhone; CPU iPhone OS ${v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1`),
  ...iosVersions.slice(0, 2).map((v) => `Mozilla/5.0 (iPad; CPU OS ${v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v.split('_')[0]}.${v.split('_')[1]} Mobile/15E148 Safari/604.1`),
  `Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/489.0.0.38.108;FBBV/654321;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/18.1;FBSS/3;FBLC/en_GB]`,
  `Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.39 Mobile Safari/537.36 Instagram 356.0.0.41.101 Android`,
  ...['18.1', '17.6', '17.4.1'].map((v) => `Mozilla/5.0 (${mac}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v} Safari/605.1.15`),
  ...['133.0', '132.0', '128.0'].map((v) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${v}) Gecko/20100101 Firefox/${v}`),
  ...['133.0', '132.0'].map((v) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:${v}) Gecko/20100101 Firefox/${v}`),
  ...['133.0', '128.0'].map((v) => `Mozilla/5.0 (X11; Linux x86_64; rv:${v}) Gecko/20100101 Firefox/${v}`),
  'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
  ...['131.0.0.0', '130.0.0.0', '129.0.0.0'].map((v) => `Mozilla/5.0 (${windows}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36 Edg/${v}`),
  `Mozilla/5.0 (${mac}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0`,
  'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  `Mozilla/5.0 (${windows}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0`,
];

/** 20 referrers; `site` is the benchmarked site's own address (a reader moving between its pages). */
export const referrers = (site: string): string[] => [
  'https://www.google.com/',
  'https://www.google.co.uk/',
  'https://www.bing.com/',
  'https://duckduckgo.com/',
  'https://news.google.com/',
  'https://t.co/',
  'https://l.facebook.com/',
  'https://www.linkedin.com/',
  'https://www.reddit.com/r/ukpolitics/comments/1h5x2ab/',
  'https://news.ycombinator.com/item?id=42301234',
  'https://bsky.app/',
  'https://mastodon.social/',
  'https://mail.google.com/',
  'https://outlook.live.com/',
  'https://www.theguardian.com/commentisfree/2026/dec/02/',
  'https://substack.com/',
  'android-app://com.google.android.gm/',
  `${site}/`,
  `${site}/politics`,
  `${site}/search?q=forecast`,
];

/**
 * 1,000 header sets: each referrer with 40 of the user agents, and (one in five) no
 * referrer. Any 50 in a row hold every user agent once and every referrer (or none) twice: a
 * benchmark's connections each go through the list from the start, and may not reach its end.
 */
export function readerHeaders(site: string): Array<Record<string, string>> {
  const from = referrers(site);
  return Array.from({ length: 1000 }, (_, i): Record<string, string> => {
    const userAgent = userAgents[(i + Math.floor(i / 50)) % userAgents.length]!;
    const referrer = i % 25;
    return referrer < from.length ? { 'user-agent': userAgent, referer: from[referrer]! } : { 'user-agent': userAgent };
  });
}
