/**
 * Page furniture: what a news page prints around an article that is not the
 * article. The rules name kinds of furniture by their wording in general terms
 * (a support appeal, a share bar, a cookie notice), not one publication's text.
 */

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** "Support 100 years of independent journalism.", "Help fund our reporting", "Donate now". */
function isSupportAppeal(text: string): boolean {
  if (words(text).length > 14) return false;
  return (
    /^(please\s+)?(support|donate( to)?|contribute( to)?|fund|help (us|fund|keep|sustain))\b.*\b(journalism|reporting|newsroom|us|our work|today|now)\b/i.test(text) ||
    /\b(become a (member|supporter|patron)|make a (donation|contribution))\b/i.test(text)
  );
}

/** "Subscribe now", "Already a subscriber? Sign in", "Start your free trial". */
function isAccountPrompt(text: string): boolean {
  if (words(text).length > 20) return false;
  return (
    /^(subscribe|sign in|log in|register|sign up)( now| today| here)?[.!]?$/i.test(text) ||
    /^(already (a subscriber|have an account)|create (a free )?account|start your (free )?trial|get (unlimited|full|digital) access|unlock (this article|all articles)|you have \d+ free articles?)\b/i.test(text)
  );
}

const shareWords = new Set([
  'share', 'shares', 'this', 'article', 'story', 'page', 'on', 'via', 'by', 'copy', 'copied', 'link', 'tweet', 'email', 'e-mail', 'print',
  'save', 'saved', 'gift', 'facebook', 'twitter', 'x', 'whatsapp', 'linkedin', 'reddit', 'pinterest', 'telegram', 'messenger', 'bluesky',
  'threads', 'mastodon', 'flipboard', 'comments', 'comment', 'listen', 'to', 'follow', 'us', 'bookmark', 'or', 'and',
]);

/** A share bar ("Share: Facebook Twitter Email"), reading time, "Listen to this article". */
function isShareOrTools(text: string): boolean {
  if (/^\d+\s*(min|mins|minute|minutes)\s*(read|listen)$/i.test(text)) return true;
  const list = words(text.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, ' '));
  return list.length > 0 && list.length <= 12 && list.some((w) => w === 'share' || w === 'tweet' || w === 'listen' || w === 'copy' || w === 'print' || w === 'save' || w === 'comments' || w === 'gift') && list.every((w) => shareWords.has(w) || /^\d+$/.test(w));
}

/** "We use cookies to improve…", "Accept all cookies", "Manage preferences". */
function isCookieNotice(text: string): boolean {
  if (/^(accept( all)?|reject( all)?|manage (cookies|preferences|settings)|cookie (settings|policy|preferences))$/i.test(text)) return true;
  return /\bcookies?\b/i.test(text) && /\b(we use|this (site|website)|accept|consent|preferences|settings|privacy|policy|browsing)\b/i.test(text) && words(text).length <= 80;
}

/** A newsletter box: "Sign up for our newsletters…", "Tick the boxes…", "Enter your email address". */
function isNewsletterSignup(text: string): boolean {
  if (/^(sign up|signup|subscribe|get|receive|join|never miss)\b[^.]*\b(newsletters?|briefings?|bulletins?|inbox)\b/i.test(text)) return true;
  if (/^newsletters?\b/i.test(text) && words(text).length <= 8) return true;
  if (/\btick the boxe?s?\b|\bselect (the|your) newsletters?\b/i.test(text)) return true;
  return words(text).length <= 40 && /\b(enter your email|your email address|email address|unsubscribe at any time|privacy (notice|policy)|terms (of|and) (service|use|conditions))\b/i.test(text);
}

/** Advertising, site navigation and reading aids that interrupt a body. */
function isAdvertOrAside(text: string): boolean {
  return (
    /^(skip to (main )?content|skip to navigation|menu|open menu|close menu|search|sections|navigation|home|back to top)$/i.test(text) ||
    /^(advertisement|advert|ad|sponsored|skip (advert|ad)|continue reading( below)?|story continues below( advertisement)?|scroll to continue|close)$/i.test(text) ||
    /^(read more|read next|see also|related|more on this story|recommended|watch|also read)\s*[:|–—-]\s*\S/i.test(text) ||
    /^(©|\(c\)\s|copyright\b|all rights reserved)/i.test(text)
  );
}

/**
 * A heading that opens a block of promoted links: the heading and the short
 * title lines under it are furniture ("Content from our partners", "Most read").
 */
export function isLinkBlockHeading(text: string): boolean {
  return isPartnerHeading(text) || /^(recommended( for you| reading| stories)?|related( articles| stories| content| coverage| reading)?|more (from|on|stories|in|like this)\b.{0,40}|read (more|next)|most (read|popular|viewed|shared)|you (may|might) (also )?(like|enjoy)|trending( now)?|around the web|editor'?s picks|top stories|latest (news|stories))\s*:?$/i.test(
    text,
  );
}

/** A heading over paid-for links ("Content from our partners", "Sponsored stories"): where the page places its partner slot. */
export function isPartnerHeading(text: string): boolean {
  return /^(content from (our )?partners|from (our )?partners|partner content|sponsored (content|stories|links)|promoted( content| stories| links)?|paid (content|post|partnership))\s*:?$/i.test(text);
}

/** A line of promoted links' titles: short and without the closing stop of a sentence. */
export function isLinkTitle(text: string): boolean {
  return words(text).length <= 20 && !/[.!?…]["”’)]?$/.test(text);
}

/** A page's closing parts: once reached, the article is over. */
export function isTrailerHeading(text: string): boolean {
  return /^(about the author|about the authors|comments?( \(\d+\))?|join the (conversation|discussion)|show comments|most (read|popular)( this week| today)?|more from this (author|section)|latest from)\s*:?$/i.test(text);
}

/** "Topics in this article: , , ,", "Tags: Russia, Kazakhstan": the names it lists, if any. */
export function topicsLine(text: string): string[] | undefined {
  const m = /^(topics( in this (article|story))?|tags|tagged( with)?|related topics|filed under|subjects?|keywords|more on these topics)\s*:\s*(.*)$/i.exec(text);
  if (!m) return undefined;
  return m[5]!
    .split(/\s*[,;|•·]\s*/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0 && t.length <= 200);
}

/** True for a line that belongs to the page, not the article. */
export function isFurniture(text: string): boolean {
  return isSupportAppeal(text) || isAccountPrompt(text) || isShareOrTools(text) || isCookieNotice(text) || isNewsletterSignup(text) || isAdvertOrAside(text);
}
