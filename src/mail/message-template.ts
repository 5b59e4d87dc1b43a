import MailComposer from 'nodemailer/lib/mail-composer';
import { encode, wrap } from 'nodemailer/lib/qp';
import type { MailMessage } from './transport.js';

const HTML_PART = '@@broadsheet-html-part@@';
const TEXT_PART = '@@broadsheet-text-part@@';
const TO_ADDRESS = 'recipient@placeholder.invalid';
// Forced, so that the parts are quoted-printable whatever the placeholder text looks like.
const QP_PART = { headers: { 'Content-Transfer-Encoding': 'quoted-printable' } };
// Cannot occur in a built message: it is all 7-bit text with CRLF line ends.
const SLOT = /\u0000([htx]):([a-z_]+)\u0000/g;

type Slot = { kind: 'header' | 'html' | 'text'; name: string };

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// Header values come from our own signing and validated addresses; this only guards the line structure.
const HEADER_SAFE = /^[\x20-\x7e]*$/;

/** A filled slot inside a quoted-printable body: soft line breaks around it keep every line short. */
const qpSlot = (value: string) => `=\r\n${wrap(encode(value), 76)}=\r\n`;

/** Quoted-printable for a body, its placeholders turned into slots the encoder leaves alone. */
function encodeBody(template: string, kind: 'h' | 'x', placeholder: RegExp): string {
  const pieces = template.replace(/\r?\n/g, '\r\n').split(placeholder);
  return pieces.map((piece, i) => (i % 2 ? `\u0000${kind}:${piece}\u0000` : wrap(encode(piece), 76))).join('');
}

export interface MessageTemplate {
  /** Placeholders in the template, each needing a value in `render`. */
  readonly names: ReadonlySet<string>;
  /** The whole RFC 5322 message for one recipient: static bytes joined with the values. */
  render(values: Record<string, string>): Buffer;
}

/**
 * Builds a message with nodemailer ONCE, addressed To `{{to}}`, with `{{slot}}` placeholders in its HTML and
 * text parts (encoded quoted-printable) and in prepared headers, and returns a renderer
 * that only joins the prebuilt pieces with per-recipient values. For sends of one
 * issue to many readers, where composing MIME per message costs more than SMTP.
 *
 * @example
 * const t = await compileMessageTemplate({ from, subject, html: '<a href="{{u}}">', text: '{{u}}', headers: { 'X-Id': { prepared: true, value: '{{u}}' } } }, ['u']);
 * transport.send({ raw: t.render({ to: 'a@example.org', u: 'https://…' }), envelope: { from, to: 'a@example.org' } });
 */
export async function compileMessageTemplate(
  message: Omit<MailMessage, 'to' | 'html' | 'text'> & { html: string; text: string },
  slots: readonly string[],
): Promise<MessageTemplate> {
  // Only the named slots: other `{{…}}` (say, in a headline) is content and stays as it is.
  const placeholder = new RegExp(`\\{\\{(${['to', ...slots].join('|')})\\}\\}`, 'g');
  const composer = new MailComposer({ ...message, to: TO_ADDRESS, html: { content: HTML_PART, ...QP_PART }, text: { content: TEXT_PART, ...QP_PART } });
  const raw = (await composer.compile().build()).toString('latin1');
  const headerEnd = raw.indexOf('\r\n\r\n');
  const withSlots =
    raw.slice(0, headerEnd).replace(TO_ADDRESS, '{{to}}').replace(placeholder, (_, name: string) => `\u0000t:${name}\u0000`) +
    raw.slice(headerEnd).replace(HTML_PART, () => encodeBody(message.html, 'h', placeholder)).replace(TEXT_PART, () => encodeBody(message.text, 'x', placeholder));

  const pieces = withSlots.split(SLOT);
  const chunks: Array<Buffer | Slot> = [];
  const names = new Set<string>();
  for (let i = 0; i < pieces.length; i += 3) {
    chunks.push(Buffer.from(pieces[i]!, 'latin1'));
    if (i + 2 < pieces.length) {
      const name = pieces[i + 2]!;
      names.add(name);
      chunks.push({ kind: pieces[i + 1] === 't' ? 'header' : pieces[i + 1] === 'h' ? 'html' : 'text', name });
    }
  }

  return {
    names,
    render(values) {
      return Buffer.concat(
        chunks.map((chunk) => {
          if (Buffer.isBuffer(chunk)) return chunk;
          const value = values[chunk.name];
          if (value === undefined) throw new Error(`message template: no value for {{${chunk.name}}}`);
          if (chunk.kind === 'header') {
            if (!HEADER_SAFE.test(value)) throw new Error(`message template: {{${chunk.name}}} is not printable ASCII`);
            return Buffer.from(value, 'latin1');
          }
          return Buffer.from(qpSlot(chunk.kind === 'html' ? escapeHtml(value) : value), 'latin1');
        }),
      );
    },
  };
}
