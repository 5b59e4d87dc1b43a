import { EmailShell } from '../mail/email-shell.js';
import { renderMjml } from '../mail/render.js';

/** The one reminder a reader asked for: it says why it came, links to /support, and promises no more. */
export async function renderReminderEmail(input: { siteName: string; supportUrl: string; askedAt: string }) {
  const asked = new Date(input.askedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const subject = `Your reminder from ${input.siteName}`;
  const footer = <>You asked for this one reminder on {asked}. We will not email you again about it, and you are not on any list.</>;
  const html = await renderMjml(
    <EmailShell title={subject} preview="The reminder you asked for" siteName={input.siteName} footer={footer}>
      <mj-text>A month ago you asked us to remind you about supporting {input.siteName}. Here it is.</mj-text>
      <mj-text>Our journalism is paid for by readers who can afford it, so that it stays free for everyone else to read.</mj-text>
      <mj-button href={input.supportUrl} background-color="#8a1c1c" font-size="16px">
        Support {input.siteName}
      </mj-button>
    </EmailShell>,
  );
  const text = [
    `A month ago you asked us to remind you about supporting ${input.siteName}. Here it is.`,
    '',
    'Our journalism is paid for by readers who can afford it, so that it stays free for everyone else to read.',
    '',
    `Support ${input.siteName}: ${input.supportUrl}`,
    '',
    `You asked for this one reminder on ${asked}. We will not email you again about it, and you are not on any list.`,
    '',
  ].join('\n');
  return { subject, html, text };
}
