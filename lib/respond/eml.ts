/**
 * A draft email as an `.eml` file (RFC 5322 with MIME), for mail apps that `mailto:` cannot reach
 * or when the report is too long for a link. `X-Unsent: 1` makes Outlook and others open it as a
 * draft to send rather than a received message.
 */

export interface EmailDraft {
  to: string;
  subject: string;
  body: string;
}

/** Header values are one line: a CR or LF in one would let text inject another header. */
function headerValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`The ${name} header cannot contain a line break`);
  return value;
}

const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** RFC 2047 encoded words (base64, UTF-8) for a header with non-ASCII text, split to fit lines. */
export function encodeHeaderWords(text: string): string {
  if (isAscii(text)) return text;
  const encoder = new TextEncoder();
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    // 45 bytes of UTF-8 → 60 base64 characters, keeping each encoded word under 75 (RFC 2047 §2).
    if (encoder.encode(chunk + char).length > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${base64(encoder.encode(w))}?=`).join('\r\n ');
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Quoted-printable (RFC 2045 §6.7) for a UTF-8 body with CRLF line breaks: lines stay under 76
 * characters with soft breaks, and trailing spaces are encoded so no mail server strips them.
 */
export function quotedPrintable(text: string): string {
  const encoder = new TextEncoder();
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const tokens: string[] = [];
      const chars = [...line];
      chars.forEach((char, i) => {
        const code = char.codePointAt(0)!;
        const last = i === chars.length - 1;
        if (
          (code >= 33 && code <= 126 && char !== '=') ||
          (char === ' ' && !last) ||
          (char === '\t' && !last)
        ) {
          tokens.push(char);
        } else {
          for (const b of encoder.encode(char)) {
            tokens.push(`=${b.toString(16).toUpperCase().padStart(2, '0')}`);
          }
        }
      });
      const out: string[] = [];
      let current = '';
      for (const token of tokens) {
        if (current.length + token.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      }
      out.push(current);
      return out.join('\r\n');
    })
    .join('\r\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date in UTC: `Thu, 26 Nov 2026 16:02:05 +0000`. */
export function rfc5322Date(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** The whole `.eml` file for a draft, dated `now`. */
export function emlMessage(draft: EmailDraft, now: number): string {
  const headers = [
    `To: ${headerValue('To', draft.to)}`,
    `Subject: ${encodeHeaderWords(headerValue('Subject', draft.subject))}`,
    `Date: ${rfc5322Date(now)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    'X-Unsent: 1',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${quotedPrintable(draft.body)}\r\n`;
}
