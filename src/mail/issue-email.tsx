import { EmailShell, PREFERENCES_URL, UNSUBSCRIBE_URL } from './email-shell.js';
import { renderMjml } from './render.js';

export interface IssueEmailItem {
  headline: string;
  standfirst: string;
  /** Absolute URL of the article. */
  url: string;
  kicker?: string;
}

export interface IssueEmailInput {
  siteName: string;
  newsletterName: string;
  subject: string;
  intro: string;
  items: IssueEmailItem[];
}

/**
 * An issue as HTML (MJML, compiled once) and plain text, both still holding the
 * per-recipient placeholders PREFERENCES_URL and UNSUBSCRIBE_URL.
 */
export async function renderIssueEmail(issue: IssueEmailInput): Promise<{ html: string; text: string }> {
  const footer = (
    <>
      You receive {issue.newsletterName} from {issue.siteName} because you signed up for it.{' '}
      <a href={PREFERENCES_URL}>Manage your newsletters</a> · <a href={UNSUBSCRIBE_URL}>Unsubscribe</a>
    </>
  );
  const html = await renderMjml(
    <EmailShell title={issue.subject} preview={issue.intro} siteName={issue.siteName} footer={footer}>
      <mj-text font-size="14px" text-transform="uppercase" letter-spacing="1px" color="#8a1c1c">
        {issue.newsletterName}
      </mj-text>
      {issue.intro && <mj-text>{issue.intro}</mj-text>}
      {issue.items.map((item) => (
        <>
          <mj-divider border-width="1px" border-color="#dddddd" />
          {item.kicker && (
            <mj-text font-size="12px" text-transform="uppercase" color="#8a1c1c" padding-bottom="0">
              {item.kicker}
            </mj-text>
          )}
          <mj-text font-size="20px" font-weight="bold" padding-bottom="4px">
            <a href={item.url} style="color:#1a1a1a;text-decoration:none">
              {item.headline}
            </a>
          </mj-text>
          {item.standfirst && <mj-text color="#444444">{item.standfirst}</mj-text>}
        </>
      ))}
    </EmailShell>,
  );
  const text = [
    issue.newsletterName.toUpperCase(),
    '',
    ...(issue.intro ? [issue.intro, ''] : []),
    ...issue.items.flatMap((item) => [`* ${item.headline}`, ...(item.standfirst ? [`  ${item.standfirst}`] : []), `  ${item.url}`, '']),
    '--',
    `You receive ${issue.newsletterName} from ${issue.siteName} because you signed up for it.`,
    `Manage your newsletters: ${PREFERENCES_URL}`,
    `Unsubscribe: ${UNSUBSCRIBE_URL}`,
    '',
  ].join('\n');
  return { html, text };
}
