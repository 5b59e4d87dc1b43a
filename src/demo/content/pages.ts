import { b, type Block } from '../../content/blocks.js';

/** A standing page of the demo magazine, published. */
export interface DemoPage {
  slug: string;
  title: string;
  standfirst: string;
  body: Block[];
}

/**
 * The Meridian's standing pages, linked from every page's footer. Invented for the demo like
 * the rest of it: the magazine, its people, its addresses (example.org) and its policies.
 */
export const demoPages: DemoPage[] = [
  {
    slug: 'about',
    title: 'About The Meridian',
    standfirst: 'An independent weekly of politics and culture, written for readers who want the argument as well as the news.',
    body: [
      b.p('The Meridian began in a rented room above a printer’s shop with four writers, one telephone and a conviction that a weekly could still do what a daily cannot: take a breath, check the figures twice and say what a week of events amounted to.'),
      b.p('Each Friday we publish a print issue of reporting, criticism and long essays. In between, this site carries our correspondents’ dispatches, the newsletters that readers choose for themselves and an archive that stays open to everyone.'),
      b.h2('What we believe'),
      b.list(['Facts come first, opinions are labelled as such, and both are signed.', 'A story is finished when it is right, not when it is first.', 'Readers deserve to know who pays for what they read.']),
      b.h2('Who owns us'),
      b.p('The Meridian is owned by the Meridian Trust, a charity whose only purpose is to keep the magazine independent. No shareholder takes a dividend; what we earn goes back into the newsroom.'),
      b.p('Partner content, paid for by organisations we work with, is always marked as such and is written apart from our journalism. Partners never see an article before it is published.'),
    ],
  },
  {
    slug: 'masthead',
    title: 'Masthead',
    standfirst: 'The people who write, edit and make The Meridian each week.',
    body: [
      b.h2('Editorial'),
      b.list(['Editor: Miriam Oduya', 'Deputy editor: Jonah Pellow', 'Political editor: Harriet Vale', 'Economics editor: Owen Marsh', 'Ideas editor: Ruth Kimathi', 'Chief critic: Priya Castellane']),
      b.h2('Correspondents'),
      b.list(['Central Asia and eastern Europe: Tomasz Brennan', 'Environment: Amara Lindqvist', 'Washington: Felix Aldana']),
      b.h2('Production'),
      b.list(['Chief sub-editor: Lorna Fairweather', 'Art director: Kofi Ansah', 'Picture editor: Sunniva Holt', 'Newsletters: Dev Raman']),
      b.h2('Publishing'),
      b.list(['Publisher: Agnes Thwaite', 'Membership and reader support: Calum Rees', 'Partnerships: Inès Marchetti']),
    ],
  },
  {
    slug: 'contact',
    title: 'Contact us',
    standfirst: 'How to reach the newsroom, send us a tip, ask for a correction or sort out a membership.',
    body: [
      b.h2('The newsroom'),
      b.p('Write to letters@meridian.example.org for letters to the editor; we publish a selection each week, sometimes shortened. For story ideas and tips, write to tips@meridian.example.org and say how we can reach you.'),
      b.h2('Corrections'),
      b.p('If we got something wrong, tell corrections@meridian.example.org which article and what the error is. A duty editor reads every message, and every correction we make is listed on our corrections page.'),
      b.h2('Members and newsletters'),
      b.p('For payments, receipts and changes to a membership, write to members@meridian.example.org. Every newsletter email has a link to change your choices or stop receiving it in one click.'),
      b.h2('By post'),
      b.p('The Meridian, 14 Chandlers Yard, Harbour Street, Westhaven WH1 4QT.'),
    ],
  },
  {
    slug: 'privacy',
    title: 'Privacy notice',
    standfirst: 'What we collect when you read, subscribe or support us, why we keep it, and how to have it removed.',
    body: [
      b.h2('Reading the site'),
      b.p('You can read every page without an account, and our pages run no advertising or tracking scripts. Our servers keep ordinary access logs, with addresses and pages requested, for fourteen days to keep the site running and safe, then delete them.'),
      b.h2('Newsletters'),
      b.p('When you sign up we keep your email address, the newsletters you chose and when you confirmed. We use them only to send those newsletters. Every email carries a link to change your choices or unsubscribe at once; an address that bounces or complains is kept on a suppression list only so that we never write to it again.'),
      b.h2('Members and donors'),
      b.p('Payments are taken by our payment provider, who shares with us your name, email address and the amount, never your card details. We keep these records for as long as the law on charities’ accounts requires.'),
      b.h2('Your rights'),
      b.p('You may ask for a copy of what we hold about you, have it corrected or have it deleted, by writing to privacy@meridian.example.org. We answer within a month.'),
    ],
  },
  {
    slug: 'terms',
    title: 'Terms of use',
    standfirst: 'The plain terms on which The Meridian’s journalism is published and may be shared.',
    body: [
      b.h2('Using our journalism'),
      b.p('You are welcome to read, print and share links to anything on this site. Quoting a short passage with a link back is fine; republishing whole articles, pictures or illustrations needs our written permission, which you can ask for at rights@meridian.example.org.'),
      b.h2('Accuracy'),
      b.p('We work to get things right and correct what we get wrong, openly. Articles are accurate as of the date they carry; older pieces in the archive are kept as they were published, with any corrections noted.'),
      b.h2('Letters and contributions'),
      b.p('By sending us a letter you agree that we may publish it, edited for length, with your name. We never publish your address or email.'),
      b.h2('Changes'),
      b.p('If these terms change, this page will say so and show the date of the change.'),
    ],
  },
];
