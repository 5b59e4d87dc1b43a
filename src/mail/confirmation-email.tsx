import { EmailShell } from './email-shell.js';
import { renderMjml } from './render.js';

export interface ConfirmationEmailInput {
  siteName: string;
  newsletters: Array<{ name: string; description: string }>;
  confirmUrl: string;
  preferencesUrl: string;
}

/** The one double opt-in message: it lists every newsletter chosen, and one link confirms them all. */
export async function renderConfirmationEmail(input: ConfirmationEmailInput) {
  const subject = `Confirm your ${input.newsletters.length === 1 ? 'newsletter' : 'newsletters'} from ${input.siteName}`;
  const footer = (
    <>
      If you did not ask for this, ignore this email and nothing will be sent. <a href={input.preferencesUrl}>Manage your newsletters</a>
    </>
  );
  const html = await renderMjml(
    <EmailShell title={subject} preview="One click to confirm your signup" siteName={input.siteName} footer={footer}>
      <mj-text>Please confirm that you would like to receive:</mj-text>
      {input.newsletters.map((n) => (
        <mj-text padding-top="0">
          <strong>{n.name}</strong> — {n.description}
        </mj-text>
      ))}
      <mj-button href={input.confirmUrl} background-color="#8a1c1c" font-size="16px">
        Confirm my signup
      </mj-button>
    </EmailShell>,
  );
  const text = [
    'Please confirm that you would like to receive:',
    '',
    ...input.newsletters.map((n) => `* ${n.name} - ${n.description}`),
    '',
    `Confirm: ${input.confirmUrl}`,
    '',
    'If you did not ask for this, ignore this email and nothing will be sent.',
    `Manage your newsletters: ${input.preferencesUrl}`,
    '',
  ].join('\n');
  return { subject, html, text };
}
