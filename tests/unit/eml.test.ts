import { describe, expect, it } from 'vitest';
import { emlMessage, encodeHeaderWords, quotedPrintable, rfc5322Date } from '@/lib/respond/eml';

const decodeQp = (text: string) =>
  new TextDecoder().decode(
    new Uint8Array(
      [...text.replace(/=\r\n/g, '').matchAll(/=([0-9A-F]{2})|([\s\S])/g)].flatMap((m) =>
        m[1] ? [parseInt(m[1], 16)] : [...new TextEncoder().encode(m[2]!)],
      ),
    ),
  );

describe('.eml draft', () => {
  const eml = emlMessage(
    {
      to: 'incidents@example.org',
      subject: 'Lesson incident 26 Nov 2026 16:02: abandoned',
      body: 'Hello,\n\nLine = two',
    },
    Date.parse('2026-11-26T16:10:00Z'),
  );

  it('has the headers a mail app needs to open it as a draft', () => {
    const [head] = eml.split('\r\n\r\n');
    expect(head!.split('\r\n')).toEqual([
      'To: incidents@example.org',
      'Subject: Lesson incident 26 Nov 2026 16:02: abandoned',
      'Date: Thu, 26 Nov 2026 16:10:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: quoted-printable',
      'X-Unsent: 1',
    ]);
  });

  it('encodes the body as quoted-printable with CRLF lines', () => {
    expect(eml.split('\r\n\r\n').slice(1).join('\r\n\r\n')).toBe('Hello,\r\n\r\nLine =3D two\r\n');
  });

  it('refuses a header with a line break (header injection)', () => {
    expect(() => emlMessage({ to: 'a@b.org\r\nBcc: x@y.org', subject: 's', body: '' }, 0)).toThrow(
      'The To header cannot contain a line break',
    );
  });

  it('encodes a non-ASCII subject as RFC 2047 words that decode back', () => {
    const subject = 'Incident – abandoned, élève AB ' + 'ü'.repeat(30);
    const encoded = encodeHeaderWords(subject);
    const words = encoded.split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    const decoded = words
      .map((w) =>
        new TextDecoder().decode(Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)![1]!, 'base64')),
      )
      .join('');
    expect(decoded).toBe(subject);
  });

  it('keeps an ASCII subject as it is', () => {
    expect(encodeHeaderWords('Plain subject')).toBe('Plain subject');
  });

  it.each([
    ['plain text', 'plain text'],
    ['a = b', 'a =3D b'],
    ['trailing space ', 'trailing space=20'],
    ['café', 'caf=C3=A9'],
    ['– dash', '=E2=80=93 dash'],
  ])('quoted-printable of %j', (text, encoded) => {
    expect(quotedPrintable(text)).toBe(encoded);
  });

  it('wraps long lines with soft breaks under 76 characters and decodes back', () => {
    const text = `${'word '.repeat(40)}é${'x'.repeat(100)}`;
    const encoded = quotedPrintable(text);
    for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(decodeQp(encoded)).toBe(text);
  });

  it.each([
    ['2026-11-26T16:10:00Z', 'Thu, 26 Nov 2026 16:10:00 +0000'],
    ['2027-01-03T09:05:07Z', 'Sun, 3 Jan 2027 09:05:07 +0000'],
  ])('dates %s as %s', (iso, text) => {
    expect(rfc5322Date(Date.parse(iso))).toBe(text);
  });
});
