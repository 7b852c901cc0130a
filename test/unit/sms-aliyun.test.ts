/**
 * The Aliyun 短信服务 adapter against a local HTTP server that checks each request as Aliyun's
 * documentation specifies it (V3 signature, ACS3-HMAC-SHA256: canonical request → string to sign
 * → HMAC-SHA256 with the AccessKey secret; SendSms's parameters and template code). It is no
 * live gateway: it proves what we send, not that Aliyun delivers it.
 */
import crypto from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import aliyun from '../../plugins/fangtiao/server/src/public/sms/aliyun';

const AK = 'LTAI5tTestKeyId';
const SECRET = 'test-secret-of-the-local-gateway';
const sha256hex = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
// RFC 3986, as Aliyun's docs require for the canonical query string.
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

type Seen = { query: Record<string, string>; headers: http.IncomingHttpHeaders; problem: string | null };

/** What Aliyun checks, written from its documentation, not from the SDK. */
function check(req: http.IncomingMessage, body: Buffer): { query: Record<string, string>; problem: string | null } {
  const url = new URL(req.url!, 'http://x');
  const raw = (url.search.replace(/^\?/, '') || '').split('&').filter(Boolean);
  const query: Record<string, string> = {};
  for (const part of raw) {
    const [k, v = ''] = part.split('=');
    query[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, '%20'));
  }
  const h = req.headers;
  const auth = String(h.authorization ?? '');
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { query, problem: 'MissingAuthorization' };
  const [, credential, signedHeaders, signature] = m;
  if (credential !== AK) return { query, problem: 'InvalidAccessKeyId.NotFound' };
  const signed = signedHeaders.split(';');
  for (const need of ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version']) {
    if (!signed.includes(need)) return { query, problem: `MissingSignedHeader.${need}` };
  }
  if ([...signed].sort().join(';') !== signedHeaders) return { query, problem: 'SignedHeadersNotSorted' };
  if (h['x-acs-action'] !== 'SendSms' || h['x-acs-version'] !== '2017-05-25') return { query, problem: 'InvalidAction' };
  const date = Date.parse(String(h['x-acs-date']));
  if (!/Z$/.test(String(h['x-acs-date'])) || Math.abs(Date.now() - date) > 15 * 60_000) return { query, problem: 'InvalidTimeStamp' };
  if (h['x-acs-content-sha256'] !== sha256hex(body)) return { query, problem: 'ContentSha256Mismatch' };
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${enc(k)}=${enc(query[k])}`)
    .join('&');
  const canonicalHeaders = signed.map((k) => `${k}:${String(h[k] ?? '').trim()}\n`).join('');
  const canonicalRequest = [req.method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaders, h['x-acs-content-sha256']].join(
    '\n',
  );
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256hex(canonicalRequest)}`;
  const expected = crypto.createHmac('sha256', SECRET).update(stringToSign).digest('hex');
  if (expected !== signature) return { query, problem: 'SignatureDoesNotMatch' };
  return { query, problem: null };
}

let server: http.Server;
let endpoint: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const { query, problem } = check(req, Buffer.concat(chunks));
      seen.push({ query, headers: req.headers, problem });
      res.setHeader('Content-Type', 'application/json');
      if (problem) {
        res.statusCode = problem === 'SignatureDoesNotMatch' ? 400 : 403;
        res.end(JSON.stringify({ Code: problem, Message: problem, RequestId: 'R1' }));
        return;
      }
      // The business checks SendSms makes: a registered template code and sign name, a mainland number.
      const ok =
        query.TemplateCode === 'SMS_123456789' && query.SignName === '云溪市信访局' && /^1[3-9]\d{9}$/.test(query.PhoneNumbers ?? '');
      res.end(
        JSON.stringify(
          ok
            ? { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'R2' }
            : { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法', RequestId: 'R3' },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const provider = (over: Record<string, unknown> = {}) =>
  aliyun.init(
    {
      accessKeyId: AK,
      accessKeySecret: SECRET,
      signName: '云溪市信访局',
      templates: { otp: 'SMS_123456789' },
      endpoint,
      protocol: 'http',
      ...over,
    },
    { log: () => {} },
  );

describe('the Aliyun SMS adapter (local gateway that checks requests as documented; not a live gateway)', () => {
  test('a code is sent as SendSms with the template code, sign name, number and the code as TemplateParam, signed with ACS3-HMAC-SHA256', async () => {
    seen.length = 0;
    await provider().send({ to: '13800138000', template: 'otp', params: { code: '042917' } });
    expect(seen).toHaveLength(1);
    expect(seen[0].problem).toBeNull();
    expect(seen[0].query).toMatchObject({ PhoneNumbers: '13800138000', SignName: '云溪市信访局', TemplateCode: 'SMS_123456789' });
    expect(JSON.parse(seen[0].query.TemplateParam)).toEqual({ code: '042917' });
  });

  test('a request signed with the wrong secret is refused by the gateway, and sending fails', async () => {
    seen.length = 0;
    await expect(
      provider({ accessKeySecret: 'wrong' }).send({ to: '13800138000', template: 'otp', params: { code: '1' } }),
    ).rejects.toThrow(/SignatureDoesNotMatch/);
    expect(seen[0].problem).toBe('SignatureDoesNotMatch');
  });

  test('the gateway refusing a template code is an error, not a silent success', async () => {
    await expect(
      provider({ templates: { otp: 'SMS_000' } }).send({ to: '13800138000', template: 'otp', params: { code: '1' } }),
    ).rejects.toThrow(/isv.SMS_TEMPLATE_ILLEGAL/);
  });

  test('a message without a configured template code is refused before anything is sent', async () => {
    seen.length = 0;
    await expect(provider().send({ to: '13800138000', template: 'receipt', params: {} })).rejects.toThrow(/no template code/);
    expect(seen).toHaveLength(0);
  });
});
