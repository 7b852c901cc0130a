import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'net';

export type Mail = { to: string[]; data: string };

/** The subject and plain text of a captured message: encoded words, quoted-printable or base64, the text/plain part of a multipart one. */
export function decoded(mail: Mail): { subject: string; text: string } {
  return { subject: words(headerOf(split(mail.data).head, 'Subject')), text: plainText(mail.data) };
}

const split = (raw: string) => {
  const at = raw.search(/\r?\n\r?\n/);
  return { head: raw.slice(0, at), body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
};
const headerOf = (head: string, name: string) =>
  ((head.replace(/\r?\n[ \t]+/g, ' ').match(new RegExp(`^${name}:[ \\t]*([^\\r\\n]*)`, 'im')) ?? [])[1] ?? '').trim();
const qpBytes = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  );
/** Adjacent encoded words may split a character's bytes: their bytes are joined before decoding. */
const words = (s: string) =>
  s.replace(/(?:=\?utf-8\?[bq]\?[^?]*\?=\s*)+/gi, (run) =>
    Buffer.concat(
      [...run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)].map(([, e, t]) =>
        e.toLowerCase() === 'b' ? Buffer.from(t, 'base64') : qpBytes(t.replace(/_/g, ' ')),
      ),
    ).toString('utf8'),
  );

function plainText(raw: string): string {
  const { head, body } = split(raw);
  const type = headerOf(head, 'Content-Type');
  const boundary = type.match(/boundary="?([^";]+)"?/i)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => p.replace(/^\r?\n/, ''));
    const plain = parts.find((p) => /^text\/plain/i.test(headerOf(split(p).head, 'Content-Type'))) ?? parts[0] ?? '';
    return plainText(plain);
  }
  const enc = headerOf(head, 'Content-Transfer-Encoding').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return enc === 'quoted-printable' ? qpBytes(body).toString('utf8') : body;
}

/**
 * A local SMTP server that keeps every message, and points the app's e-mail plugin at it
 * (SMTP_HOST / SMTP_PORT, read when Strapi starts: call before startStrapi).
 */
export async function startMailbox() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c) => (data += c.toString()));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.SMTP_PORT = String((server.server.address() as AddressInfo).port);
  return {
    mails,
    to: (address: string) => mails.filter((m) => m.to.includes(address)),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
