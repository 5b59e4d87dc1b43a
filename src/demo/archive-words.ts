/**
 * A seeded generator of plausible archive prose with the word statistics of real
 * news text, so that search over the synthetic archive costs what it would over a
 * real one: word frequencies follow Zipf's law over a large vocabulary (a few
 * function words in every article, tens of thousands of words each in a few hundred),
 * and each article keeps returning to its own few subjects, people and places.
 */

/** The most common words of English prose, in every article. */
export const functionWords = `the of and to a in that is was for on it with as he by at his from but be have are not this
had which her they were has been an or she their who will would after over said its about into more than one
there when also all two up out new first against between under last only so we before could most during`
  .split(/\s+/)
  .filter(Boolean);

const contentWords = `government minister policy election vote party council city country people year week report
economy market price money bank tax budget trade industry company workers union strike wage housing rent
school teacher student university hospital doctor health patient nurse court judge law police crime prison
war peace army soldier border treaty talks leader president parliament debate reform crisis plan promise
climate energy coal oil gas power grid river sea coast flood drought harvest farm farmer land forest water
railway road bridge port ship airport train bus transport town village street church museum
film music theatre novel poet painter book stage critic festival radio television newspaper magazine reader
history century future science research data computer machine factory engine steel cotton wool grain bread
family child mother father woman man worker voter citizen neighbour friend enemy stranger crowd protest
morning evening winter summer spring autumn night storm snow rain sun wind island mountain valley desert
north south east west capital province region state empire nation republic colony kingdom federation
question answer argument story letter speech interview rumour scandal secret victory defeat loss gain
long short old young great small strong weak quiet loud cold warm dark bright rich poor free open
rising falling growing changing waiting working writing reading building breaking leaving returning
says warns argues claims reveals promises fears hopes faces meets wins loses opens closes calls rejects
inquiry committee cabinet opposition coalition campaign candidate ballot turnout majority minority
inflation interest debt deficit pension benefit welfare income profit loss shares investor exports imports
refugee migrant asylum embassy ambassador sanctions ceasefire invasion occupation rebellion revolution
vaccine epidemic disease surgery medicine research laboratory experiment discovery invention patent
cathedral monastery palace castle garden park square avenue harbour canal tunnel mine quarry mill
election manifesto referendum constituency mayor governor senator deputy chancellor treasury`
  .split(/\s+/)
  .filter(Boolean);

const syllables = `ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu
pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze zo bra dre gri klo pra stu tor vel
mar dun sel rin kal bor hes wyn ost ith an en in on ul ar er ir or`
  .split(/\s+/)
  .filter(Boolean);

const placeEndings = 'ton ford bury wick ham field mouth bridge stead port minster dale by thorpe haven cester ness'.split(' ');

export const firstNames = `Ada Albert Alice Amos Anna Arthur Beatrice Bernard Clara Cyril Dora Edgar Edith Elsie Ernest Esther
Frank Freda George Grace Harold Hazel Ivy Jack Joan Leonard Lily Mabel Martin Maud Nora Oscar Percy Rose Ruth
Stanley Sylvia Thomas Vera Walter Winifred Yusuf Amara Priya Tomasz Ines Kwame Mei Omar Sofia Aisha Bruno
Carmen Dmitri Elena Farid Greta Hiro Ingrid Jonas Kofi Leila Marek Nadia Olu Paulo Rania Sven Tariq Ursula`.split(/\s+/);
export const lastNames = `Abbott Baird Carrow Dunmore Ellery Fairclough Garside Hallam Ibbotson Jessop Kendrick Lowther Marlow
Nettleton Oakes Pennington Quarrie Rawlins Sowerby Thackeray Underwood Varley Wetherby Yardley Okafor Nakamura
Kowalski Haddad Ferreira Lindqvist Castellane Mensah Petrov Aldana Brennan Chaudhry Delacroix Eriksen Fontaine
Gallagher Horvath Iwasaki Jablonski Kaminski Lombardi Moreau Novak Ostrowski Papadopoulos Rossi Sandoval Takahashi`.split(/\s+/);

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

/** Distinct words of vocabulary (real content words, then invented rarer ones). */
const VOCABULARY = 80_000;
const PEOPLE = 20_000;
const PLACES = 6_000;

/** One generated article's text, before it becomes blocks. */
export interface ArticleText {
  headline: string;
  standfirst: string;
  paragraphs: string[];
}

export interface Prose {
  /** A whole article about a few subjects of its own. */
  article(): ArticleText;
  headline(): string;
  pick<T>(list: readonly T[]): T;
  int(min: number, max: number): number;
  random: () => number;
}

/**
 * A prose generator. Words are drawn by rank with P(rank k) ~ 1/k (Zipf), which the
 * inverse of the continuous curve gives in O(1): k = floor((n+1)^u) for uniform u.
 */
export function prose(seed: number): Prose {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const zipf = <T>(list: readonly T[]): T => list[Math.floor((list.length + 1) ** random()) - 1]!;
  const invented = (parts: number) => {
    let w = '';
    for (let i = 0; i < parts; i++) w += pick(syllables);
    return w;
  };

  const seen = new Set([...functionWords, ...contentWords]);
  const words = [...functionWords, ...new Set(contentWords)];
  while (words.length < VOCABULARY) {
    const w = invented(int(2, 4));
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  const subjects = words.slice(functionWords.length);
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const people = unique(PEOPLE, () => `${random() < 0.5 ? pick(firstNames) : capital(invented(2))} ${random() < 0.5 ? pick(lastNames) : capital(invented(int(2, 3)))}`);
  const places = unique(PLACES, () => capital(invented(int(1, 2)) + pick(placeEndings)));

  function unique(n: number, make: () => string): string[] {
    const out = new Set<string>();
    while (out.size < n) out.add(make());
    return [...out];
  }

  /** Words of one article: its own subjects come back often, as in real reporting. */
  function writer() {
    const focus = Array.from({ length: 6 }, () => zipf(subjects));
    const person = zipf(people);
    const place = zipf(places);
    const word = () => {
      const r = random();
      if (r < 0.12) return pick(focus);
      if (r < 0.14) return person;
      if (r < 0.16) return place;
      return zipf(words);
    };
    const sentence = (min: number, max: number) => {
      const out: string[] = [];
      for (let i = int(min, max); i > 0; i--) out.push(word());
      return `${capital(out.join(' '))}.`;
    };
    const headline = () => {
      const out: string[] = [];
      for (let i = int(4, 8); i > 0; i--) {
        const r = random();
        out.push(r < 0.45 ? pick(focus) : r < 0.55 ? person : r < 0.62 ? place : r < 0.75 ? pick(functionWords) : zipf(subjects));
      }
      return capital(out.join(' '));
    };
    return { sentence, headline };
  }

  return {
    article() {
      const w = writer();
      const paragraphs = Array.from({ length: int(3, 5) }, () => Array.from({ length: int(2, 3) }, () => w.sentence(8, 16)).join(' '));
      return { headline: w.headline(), standfirst: w.sentence(14, 24), paragraphs };
    },
    headline: () => writer().headline(),
    pick,
    int,
    random,
  };
}
