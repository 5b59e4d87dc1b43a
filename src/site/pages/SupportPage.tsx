import type { Child, FC } from 'hono/jsx';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import type { SiteInfo } from '../structured-data.js';
import { FrontHead } from './FrontHead.js';
import { SupporterGoal } from '../../asks/SupporterGoal.js';
import type { GoalFigures } from '../../asks/supporter-goal.js';

const description = (siteName: string) => `Become a member of ${siteName} or make a donation, and keep independent journalism free to read.`;

/**
 * /support: what membership and donations are, what they pay for, and how to give. With payments
 * set up, `offer` (the choice cards) takes the place of the buttons to the addresses in /admin/settings.
 */
export const SupportPage: FC<{ chrome: SiteChrome; site: SiteInfo; offer?: Child; goal?: GoalFigures }> = ({ chrome, site, offer, goal }) => (
  <Layout
    chrome={chrome}
    title={`Support ${chrome.siteName}`}
    description={description(chrome.siteName)}
    head={<FrontHead siteUrl={site.siteUrl} siteName={site.siteName} path="/support" title={`Support ${chrome.siteName}`} description={description(chrome.siteName)} />}
  >
    <article class="support-page">
      <h1>Support {chrome.siteName}</h1>
      <p class="standfirst">
        {chrome.siteName} is independent: no owner tells us what to write, and our journalism stays free for everyone to read. Readers who can afford
        to pay make that possible.
      </p>
      <SupporterGoal goal={goal} />
      {offer ?? (
        <>
          <section aria-labelledby="support-membership">
            <h2 id="support-membership">Become a member</h2>
            <p>
              Members pay a regular amount, monthly or yearly, for as long as they choose, and can stop at any time. Membership pays for reporting that
              takes months, for correspondents abroad and for keeping our archive open.
            </p>
            <ul>
              <li>Every article, newsletter and the whole archive, as now, without a paywall.</li>
              <li>The weekly print issue highlights in your inbox.</li>
              <li>Invitations to members’ events and conversations with our writers.</li>
            </ul>
            {chrome.settings.membershipUrl && (
              <p>
                <a class="button" href={chrome.settings.membershipUrl}>
                  Become a member
                </a>
              </p>
            )}
          </section>
          <section aria-labelledby="support-donation">
            <h2 id="support-donation">Make a donation</h2>
            <p>
              A one-off gift of any size goes to the same place as membership: the newsroom. Donations are not tied to any article, and donors have no say
              over what we publish.
            </p>
            {chrome.settings.donationUrl && (
              <p>
                <a class="button" href={chrome.settings.donationUrl}>
                  Give once
                </a>
              </p>
            )}
          </section>
        </>
      )}
      <section aria-labelledby="support-other">
        <h2 id="support-other">Other ways to help</h2>
        <p>
          Reading and sharing our journalism helps too. <a href="/newsletters">Sign up for our newsletters</a> to get it in your inbox.
        </p>
      </section>
    </article>
  </Layout>
);
