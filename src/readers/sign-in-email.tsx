import { EmailShell } from '../mail/email-shell.js';
import { renderMjml } from '../mail/render.js';

/** The sign-in message: one button, valid 15 minutes, and what to do if it was not asked for. */
export async function renderSignInEmail(input: { siteName: string; signInUrl: string }) {
  const subject = `Sign in to ${input.siteName}`;
  const footer = <>If you did not ask to sign in, ignore this email: nobody can use the link without your inbox.</>;
  const html = await renderMjml(
    <EmailShell title={subject} preview="Your sign-in link, valid for 15 minutes" siteName={input.siteName} footer={footer}>
      <mj-text>Use this button to sign in to your {input.siteName} account. It works once, within 15 minutes.</mj-text>
      <mj-button href={input.signInUrl} background-color="#8a1c1c" font-size="16px">
        Sign in
      </mj-button>
    </EmailShell>,
  );
  const text = [
    `Use this link to sign in to your ${input.siteName} account. It works once, within 15 minutes.`,
    '',
    `Sign in: ${input.signInUrl}`,
    '',
    'If you did not ask to sign in, ignore this email: nobody can use the link without your inbox.',
    '',
  ].join('\n');
  return { subject, html, text };
}
