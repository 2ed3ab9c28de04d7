/** The spam detector's mail reader on real SpamAssassin mails (tests/fixtures/mail/SOURCES.md): what a person would read. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText, readMail } from '../../workers/text/mail';

interface Mail {
  group: string;
  file: string;
  text: string;
}

const MAILS = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/mail/mime-mails.json'), 'utf8')) as Mail[];
const read = (file: string) => readMail(MAILS.find((m) => m.file.startsWith(file))!.text);

describe('readMail', () => {
  it('keeps the subject and drops the routing headers', () => {
    for (const mail of MAILS) {
      const text = readMail(mail.text);
      expect(text).not.toMatch(/^(Received|Return-Path|Message-Id|X-[\w-]+):/im);
      expect(text.length).toBeLessThan(mail.text.length);
    }
    expect(read('00514').split('\n\n')[0]).toBe('[Webdev] site monitroring service?');
  });

  it('reads a quoted-printable HTML newsletter (multipart/alternative) as its words', () => {
    const text = read('00153');
    expect(text.startsWith('Slang of the Day! > "blimp"\n\n')).toBe(true);
    expect(text).toContain('Look at that blimp! He must eat six meals a day.');
    expect(text).not.toMatch(/<[a-z]|=3D|=\n/i);
  });

  it('reduces a plain HTML mail to its text, entities decoded', () => {
    const text = read('00201');
    expect(text).toContain('Ashfield Online © 2002 Aric McKeown');
    expect(text).not.toMatch(/<\/?(td|table|font|img)\b|&copy;/i);
  });

  it('decodes base64 text parts, also inside multipart/mixed', () => {
    expect(read('00440')).toContain('If your home is served by a septic system');
    expect(read('00171')).toContain('Can you beat Long Distance for Under 4 Cents/Min ?');
  });

  it('decodes an RFC 2047 subject in its charset', () => {
    // =?iso-8859-1?B?...?= with non-breaking spaces between the words.
    expect(read('01384').split('\n\n')[0]).toBe("It's\u00a0Time\u00a0to\u00a0Invest\u00a0your\u00a0Way");
    expect(read('01384')).toContain('investment objective is to achieve maximum capital');
  });

  it('prefers the plain-text part of multipart/alternative', () => {
    const text = read('00514');
    expect(text).toContain('website monitoring service-with sms alerts');
    expect(text.match(/website monitoring/g)).toHaveLength(1);
  });

  it('returns text that is not a mail unchanged', () => {
    expect(readMail('Win a free cruise now! Click here.')).toBe('Win a free cruise now! Click here.');
    expect(readMail('Subject: only one header line\nand then text')).toBe('Subject: only one header line\nand then text');
  });
});

describe('htmlToText', () => {
  it('drops scripts, styles and tags and decodes entities', () => {
    expect(htmlToText('<style>p{}</style><p>Fish &amp; chips&#33;</p><script>x()</script>').trim()).toBe('Fish & chips!');
  });
});
