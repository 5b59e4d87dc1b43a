/**
 * Word lists and a seeded generator of plausible archive prose. Common words come
 * first and are drawn most often (a Zipf curve), so that searches for common words
 * match much of the archive; invented words form a long tail, each appearing in only
 * a few articles, so that rare-word searches exist too.
 */

const common = `government minister policy election vote party council city country people year week report
economy market price money bank tax budget trade industry company workers union strike wage housing rent
school teacher student university hospital doctor health patient nurse court judge law police crime prison
war peace army soldier border treaty talks leader president parliament debate reform crisis plan promise
climate energy coal oil gas power grid river sea coast flood drought harvest farm farmer land forest water
railway road bridge port ship airport train bus transport city town village street market church museum
film music theatre novel poet painter book stage critic festival radio television newspaper magazine reader
history century future science research data computer machine factory engine steel cotton wool grain bread
family child mother father woman man worker voter citizen neighbour friend enemy stranger crowd protest
morning evening winter summer spring autumn night storm snow rain sun wind island mountain valley desert
north south east west capital province region state empire nation republic colony kingdom federation
question answer argument story letter speech interview rumour scandal secret victory defeat loss gain
long short old new young great small strong weak quiet loud cold warm dark bright rich poor free open
rising falling growing changing waiting working writing reading building breaking leaving returning
says warns argues claims reveals promises fears hopes faces meets wins loses opens closes calls rejects`
  .split(/\s+/)
  .filter(Boolean);

const glue = 'the of and to in a for on with as by at from that after over against between under about into'.split(' ');

const syllables = `ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu
pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze zo bra dre gri klo pra stu tor vel
mar dun sel rin kal bor hes wyn ost ith`
  .split(/\s+/)
  .filter(Boolean);

export const firstNames = `Ada Albert Alice Amos Anna Arthur Beatrice Bernard Clara Cyril Dora Edgar Edith Elsie Ernest Esther
Frank Freda George Grace Harold Hazel Ivy Jack Joan Leonard Lily Mabel Martin Maud Nora Oscar Percy Rose Ruth
Stanley Sylvia Thomas Vera Walter Winifred Yusuf Amara Priya Tomasz Ines Kwame Mei Omar Sofia`.split(/\s+/);
export const lastNames = `Abbott Baird Carrow Dunmore Ellery Fairclough Garside Hallam Ibbotson Jessop Kendrick Lowther Marlow
Nettleton Oakes Pennington Quarrie Rawlins Sowerby Thackeray Underwood Varley Wetherby Yardley Okafor Nakamura
Kowalski Haddad Ferreira Lindqvist Castellane Mensah Petrov Aldana`.split(/\s+/);

/** A small fast PRNG (mulberry32): the same seed always gives the same archive. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TABLE_BITS = 16;

export interface Prose {
  word(): string;
  sentence(min: number, max: number): string;
  headline(): string;
  pick<T>(list: readonly T[]): T;
  int(min: number, max: number): number;
  random: () => number;
}

/** A prose generator over the word lists: `tailSize` invented words make the rare tail. */
export function prose(seed: number, tailSize = 40_000): Prose {
  const random = prng(seed);
  const tail: string[] = [];
  const seen = new Set(common);
  while (tail.length < tailSize) {
    let w = '';
    const n = 2 + Math.floor(random() * 2);
    for (let i = 0; i < n; i++) w += syllables[Math.floor(random() * syllables.length)];
    if (!seen.has(w)) {
      seen.add(w);
      tail.push(w);
    }
  }
  // A lookup table sampling the common words on a Zipf curve in O(1).
  const weights = common.map((_, rank) => 1 / (rank + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const table = new Uint16Array(1 << TABLE_BITS);
  let slot = 0;
  let acc = 0;
  weights.forEach((w, rank) => {
    acc += w / sum;
    const end = Math.round(acc * table.length);
    for (; slot < end; slot++) table[slot] = rank;
  });
  for (; slot < table.length; slot++) table[slot] = common.length - 1;

  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const word = () => {
    const r = random();
    if (r < 0.3) return pick(glue);
    if (r < 0.97) return common[table[Math.floor(random() * table.length)]!]!;
    return pick(tail);
  };
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const sentence = (min: number, max: number) => {
    const words: string[] = [];
    for (let i = int(min, max); i > 0; i--) words.push(word());
    return `${capital(words.join(' '))}.`;
  };
  const headline = () => {
    const words: string[] = [];
    for (let i = int(4, 8); i > 0; i--) words.push(random() < 0.15 ? pick(glue) : random() < 0.9 ? common[table[Math.floor(random() * table.length)]!]! : pick(tail));
    return capital(words.join(' '));
  };
  return { word, sentence, headline, pick, int, random };
}
