import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { compileMessageTemplate } from './message-template.js';

const longLine = 'Ünïcödé headline – with a “quote” and an = sign, '.repeat(6);

describe('compileMessageTemplate', () => {
  it('renders per-recipient messages that parse back to exactly the filled-in content', async () => {
    const template = await compileMessageTemplate({
      from: { name: 'Zeitung Büro', address: 'news@example.org' },
      subject: 'Grüße: the issue',
      html: `<p>${longLine} {{not_a_slot}}</p>\n<a href="{{unsubscribe_url}}">Unsubscribe</a>${'x'.repeat(200)}{{unsubscribe_url}}`,
      text: `${longLine}\nUnsubscribe: {{unsubscribe_url}}\n`,
      messageId: '<issue-1.{{subscriber}}@example.org>',
      headers: {
        'List-Unsubscribe': { prepared: true, value: '<{{unsubscribe_url}}>' },
      },
    }, ['subscriber', 'unsubscribe_url']);
    expect([...template.names].sort()).toEqual(['subscriber', 'to', 'unsubscribe_url']);

    const url = 'https://example.org/newsletters/unsubscribe/u1a.2.AbCdEfGhIjKlMnOpQrStUvWxYz0?a=1&b=2';
    const raw = template.render({ to: 'reader@example.org', subscriber: '42', unsubscribe_url: url });
    for (const line of raw.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const mail = await simpleParser(raw);
    expect(mail.to).toMatchObject({ value: [{ address: 'reader@example.org' }] });
    expect(mail.subject).toBe('Grüße: the issue');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Zeitung Büro', address: 'news@example.org' });
    expect(mail.messageId).toBe('<issue-1.42@example.org>');
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(`List-Unsubscribe: <${url}>`);
    expect(mail.html).toBe(`<p>${longLine} {{not_a_slot}}</p>\n<a href="${url.replace('&', '&amp;')}">Unsubscribe</a>${'x'.repeat(200)}${url.replace('&', '&amp;')}`);
    expect(mail.text).toBe(`${longLine}\nUnsubscribe: ${url}\n`);
  });

  it('refuses a header value that would break the header', async () => {
    const template = await compileMessageTemplate({ from: 'a@example.org', subject: 's', html: 'h', text: 't' }, []);
    expect(() => template.render({ to: 'a@example.org\r\nBcc: b@example.org' })).toThrow(/\{\{to\}\} is not printable ASCII/);
    expect(() => template.render({})).toThrow(/no value for \{\{to\}\}/);
  });
});
