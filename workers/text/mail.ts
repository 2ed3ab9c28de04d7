/**
 * Reads a raw mail as a person would before the spam model sees it: the decoded Subject, then the text of the
 * body (MIME parts unpacked, quoted-printable and base64 decoded, HTML reduced to its words). Routing headers
 * (Received, Message-ID, X-...) say which servers a mail passed, not what it says; they are dropped, so the
 * model learns from content and not from the mail servers of its training corpus. A text without headers is
 * returned as it came (a pasted body). The build script runs this same file (models/spam-detector.mjs).
 */

/** Characters of body text kept: the model reads only its first few hundred tokens anyway. */
const MAX_BODY_CHARS = 6000;
const MAX_PARTS = 20;

interface Part {
  headers: Map<string, string>;
  body: string;
}

/** "subject\n\nbody" for a raw mail; any other text unchanged. */
export function readMail(raw: string): string {
  // An mbox envelope line ("From sender date") may come first.
  const mail = splitPart(raw.replace(/\r\n?/g, '\n').replace(/^From .*\n/, ''));
  if (!mail || !looksLikeMail(mail.headers)) return raw;
  const subject = decodeWords(mail.headers.get('subject') ?? '').trim();
  const body = textOf(mail, 0).replace(/[ \t\u00a0]+/g, ' ').replace(/\n[ \n]+/g, '\n\n').trim().slice(0, MAX_BODY_CHARS);
  return `${subject}\n\n${body}`.trim() || raw;
}

function looksLikeMail(headers: Map<string, string>): boolean {
  return ['from', 'subject', 'received', 'return-path', 'message-id', 'content-type'].filter((name) => headers.has(name)).length >= 2;
}

/** Headers (lower-case names, folded lines joined) and the body after the first blank line. */
function splitPart(text: string): Part | null {
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const headers = new Map<string, string>();
  let name = '';
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && name) {
      headers.set(name, `${headers.get(name) ?? ''} ${line.trim()}`);
      continue;
    }
    const match = /^([!-9;-~]+):\s?(.*)$/.exec(line);
    if (!match) return headers.size ? { headers, body: text.slice(head.length) } : null;
    name = match[1]!.toLowerCase();
    // Of repeated headers (Received) the first is enough: only a few are read.
    if (!headers.has(name)) headers.set(name, match[2]!);
  }
  return { headers, body: end < 0 ? '' : text.slice(end + 2) };
}

/** The readable text of a part: multiparts give their text parts (HTML only where no plain text is given). */
function textOf(part: Part, depth: number): string {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(part.headers.get('content-type') ?? '')?.[1];
  if (type.startsWith('multipart/') && boundary && depth < 5) {
    const parts = part.body
      .split(new RegExp(`^--${escape(boundary)}(?:--)?[ \\t]*$`, 'm'))
      .slice(1, MAX_PARTS + 1)
      .map((chunk) => splitPart(chunk.replace(/^\n/, '')))
      .filter((p): p is Part => p !== null);
    const texts = parts.filter((p) => isText(p));
    const alternative = type.startsWith('multipart/alternative');
    const plain = texts.filter((p) => !isHtml(p));
    const chosen = alternative && plain.length ? plain : texts;
    const nested = parts.filter((p) => (p.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/'));
    return [...chosen, ...nested].map((p) => textOf(p, depth + 1)).join('\n\n');
  }
  if (!isText(part)) return '';
  const text = decodeBody(part.body, part.headers.get('content-transfer-encoding') ?? '', charsetOf(part));
  return isHtml(part) || /^\s*<(!doctype|html|head|body|table|div|p)\b/i.test(text) ? htmlToText(text) : text;
}

function isText(part: Part): boolean {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  const attachment = /attachment/i.test(part.headers.get('content-disposition') ?? '');
  return type.startsWith('text/') && !attachment;
}

function isHtml(part: Part): boolean {
  return (part.headers.get('content-type') ?? '').toLowerCase().startsWith('text/html');
}

function charsetOf(part: Part): string {
  return /charset="?([^";\s]+)"?/i.exec(part.headers.get('content-type') ?? '')?.[1]?.toLowerCase() ?? 'us-ascii';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodeBody(body: string, encoding: string, charset: string): string {
  const how = encoding.trim().toLowerCase();
  if (how === 'base64') return bytesToText(base64Bytes(body), charset);
  if (how === 'quoted-printable') return bytesToText(quotedPrintableBytes(body), charset);
  return body;
}

function base64Bytes(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  const bytes: number[] = [];
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    value = (value << 6) | alphabet.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

function quotedPrintableBytes(text: string, underscoreIsSpace = false): Uint8Array {
  const bytes: number[] = [];
  const source = text.replace(/=\n/g, '');
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i]!;
    const hex = char === '=' ? /^[0-9A-Fa-f]{2}/.exec(source.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else if (underscoreIsSpace && char === '_') bytes.push(32);
    else {
      const code = char.charCodeAt(0);
      // Characters beyond one byte (already decoded text) are kept as UTF-8.
      bytes.push(...(code < 128 ? [code] : new TextEncoder().encode(char)));
    }
  }
  return Uint8Array.from(bytes);
}

/** Best effort: the declared charset where the platform knows it, else Latin-1 (every byte is a character). */
function bytesToText(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/** RFC 2047 encoded words in headers: =?charset?B|Q?...?= */
function decodeWords(text: string): string {
  return text.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)?/g, (_, charset: string, how: string, data: string) =>
    bytesToText(how.toUpperCase() === 'B' ? base64Bytes(data) : quotedPrintableBytes(data, true), charset.toLowerCase()),
  );
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", copy: '©', reg: '®', euro: '€', pound: '£' };

/** The words of an HTML document: scripts, styles and comments dropped, blocks as line breaks, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(br|p|div|tr|li|h[1-6]|table|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}
