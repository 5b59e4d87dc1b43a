import type { DemoAuthor, DemoNewsletter, DemoPrintIssue, DemoSection, DemoTopic } from '../types.js';

/**
 * The catalogue of The Meridian, a fictional weekly of politics and culture
 * (founded 1926, London). Every name, person and quotation here is invented.
 */

export const sections: DemoSection[] = [
  { slug: 'world', name: 'World', description: 'Reporting and analysis from our correspondents on the forces reshaping countries and the relations between them.' },
  { slug: 'politics', name: 'Politics', description: 'Westminster, the nations and the town halls: who holds power in Britain, and what they do with it.' },
  { slug: 'environment', name: 'Environment', description: 'Climate, energy, land and sea, covered with an eye on the evidence and the people living with the consequences.' },
  { slug: 'business', name: 'Business', description: 'Markets, companies, work and money, explained for readers who want to know why as well as what.' },
  { slug: 'culture', name: 'Culture', description: 'Books, film, music and the stage, reviewed and argued over by critics who take pleasure seriously.' },
  { slug: 'ideas', name: 'Ideas', description: 'Long essays and arguments about the questions that outlast the news cycle.' },
];

export const authors: DemoAuthor[] = [
  {
    slug: 'harriet-vale',
    name: 'Harriet Vale',
    bio: 'Harriet Vale is The Meridian’s political editor and has covered five general elections from the press gallery. Before joining the magazine she reported on local government in the north-east for a decade.',
  },
  {
    slug: 'tomasz-brennan',
    name: 'Tomasz Brennan',
    bio: 'Tomasz Brennan is our correspondent for Central Asia and eastern Europe, based between Almaty and Warsaw. He writes about trade routes, energy and the politics of the post-Soviet world.',
  },
  {
    slug: 'amara-lindqvist',
    name: 'Amara Lindqvist',
    bio: 'Amara Lindqvist is The Meridian’s environment correspondent, with a particular interest in farming, rivers and the energy grid. She trained as a hydrologist before turning to journalism.',
  },
  {
    slug: 'owen-marsh',
    name: 'Owen Marsh',
    bio: 'Owen Marsh is economics editor, covering central banks, labour markets and the cost of living. He previously spent eight years as a bond analyst in the City.',
  },
  {
    slug: 'priya-castellane',
    name: 'Priya Castellane',
    bio: 'Priya Castellane is The Meridian’s chief critic, writing on books, film and theatre. Her collection of essays on provincial cinemas was published last year.',
  },
  {
    slug: 'felix-aldana',
    name: 'Felix Aldana',
    bio: 'Felix Aldana is our Washington correspondent, reporting on American politics and its reach abroad. He has previously been posted to Mexico City and Delhi.',
  },
  {
    slug: 'ruth-kimathi',
    name: 'Ruth Kimathi',
    bio: 'Ruth Kimathi edits the Ideas section and writes essays on philosophy, technology and public life. She taught political theory for twelve years before joining The Meridian.',
  },
];

const topicNames = [
  'Climate policy',
  'Elections',
  'Trade',
  'Artificial intelligence',
  'Housing',
  'Russia',
  'China',
  'European Union',
  'United States',
  'Kazakhstan',
  'India',
  'Energy',
  'Books',
  'Film',
  'Theatre',
  'Music',
  'Inflation',
  'Central banks',
  'Labour markets',
  'Migration',
  'Defence',
  'Public health',
  'Oceans',
  'Farming',
  'Cities',
  'Philosophy',
];

/** Short forms a newsroom writes for its topics, so that imports attach to them. */
const topicAliases: Record<string, string[]> = {
  'European Union': ['EU'],
  'United States': ['US', 'USA'],
  'Artificial intelligence': ['AI'],
};

export const topics: DemoTopic[] = topicNames.map((name) => ({
  slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''),
  name,
  aliases: topicAliases[name] ?? [],
}));

export const printIssues: DemoPrintIssue[] = [
  { number: 5101, date: '2026-11-06', title: 'The winter of the grid' },
  { number: 5102, date: '2026-11-13', title: 'Who will pay for the coastline?' },
  { number: 5103, date: '2026-11-20', title: 'The quiet boom on the steppe' },
];

const london = 'Europe/London';

export const newsletters: DemoNewsletter[] = [
  {
    slug: 'morning-briefing',
    name: 'The Morning Briefing',
    description: 'Our political editor’s guide to the day ahead in Westminster and beyond, sent every weekday morning.',
    cadence: { cron: '0 7 * * 1-5', timezone: london, label: 'Weekday mornings' },
    rule: { kind: 'latest', sections: ['politics'] },
  },
  {
    slug: 'world-dispatch',
    name: 'World Dispatch',
    description: 'Reporting and analysis on world affairs from our foreign correspondents, sent every Monday and Friday.',
    cadence: { cron: '0 8 * * 1,5', timezone: london, label: 'Mondays and Fridays' },
    rule: { kind: 'latest', sections: ['world'] },
  },
  {
    slug: 'the-best-of-meridian',
    name: 'The Best of The Meridian',
    description: 'The editors’ pick of the finest journalism on the site, sent every weekday morning.',
    cadence: { cron: '30 6 * * 1-5', timezone: london, label: 'Every weekday morning' },
    rule: { kind: 'latest' },
  },
  {
    slug: 'green-ledger',
    name: 'The Green Ledger',
    description: 'Our reporting on climate, energy and the natural world, gathered and sent every Thursday.',
    cadence: { cron: '0 8 * * 4', timezone: london, label: 'Thursdays' },
    rule: { kind: 'latest', sections: ['environment'] },
  },
  {
    slug: 'week-ahead',
    name: 'The Week Ahead',
    description: 'What markets, companies and central banks will be watching in the days to come, sent every Monday morning.',
    cadence: { cron: '0 6 * * 1', timezone: london, label: 'Monday mornings' },
    rule: { kind: 'latest', sections: ['business'] },
  },
  {
    slug: 'culture-club',
    name: 'Culture Club',
    description: 'Reviews, essays and recommendations on books, film, music and the stage, sent every Friday.',
    cadence: { cron: '0 12 * * 5', timezone: london, label: 'Fridays' },
    rule: { kind: 'latest', sections: ['culture'] },
  },
  {
    slug: 'in-this-issue',
    name: 'In This Issue',
    description: 'Highlights from the latest print edition of The Meridian, sent each Saturday.',
    cadence: { cron: '0 9 * * 6', timezone: london, label: 'Saturdays' },
    rule: { kind: 'print-issue' },
  },
  {
    slug: 'from-the-vault',
    name: 'From the Vault',
    description: 'A piece rediscovered from a century of The Meridian’s archive, sent each Wednesday.',
    cadence: { cron: '0 10 * * 3', timezone: london, label: 'Wednesdays' },
    rule: { kind: 'archive' },
  },
  {
    slug: 'events-and-offers',
    name: 'Events and Offers',
    description: 'News of Meridian events, subscriber offers and partner promotions, sent only occasionally and on no fixed schedule.',
    cadence: null,
    rule: { kind: 'manual' },
    marketing: true,
  },
];
