import crypto from 'crypto';

/**
 * Personal data at rest (PIPL arts. 28–29, 51): ID and phone numbers are stored encrypted
 * with AES-256-GCM (authenticated; a fresh 96-bit IV per value) and, beside each, a keyed
 * hash (HMAC-SHA-256) for exact lookups — repeat detection and search by the full number.
 *
 * Keys come from FANGTIAO_PII_KEYS: `id:base64key[,id:base64key…]`, the first being the
 * current one; older ones only decrypt, until `npm run pii:rotate` has re-encrypted every
 * value under the current key. Stored form: `enc:<id>:<base64(iv | tag | ciphertext)>`.
 * Pure: no Strapi import.
 */
export const PREFIX = 'enc:';

type Key = { id: string; enc: Buffer; mac: Buffer };

const derive = (master: Buffer, label: string) =>
  Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `fangtiao-pii-${label}`, 32));

export function parseKeys(spec: string | undefined): Key[] {
  if (!spec) throw new Error('FANGTIAO_PII_KEYS (or ENCRYPTION_KEY) is not set: scripts/prepare-env.js writes it to .env');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    const id = part.slice(0, i).trim();
    const master = Buffer.from(part.slice(i + 1).trim(), 'base64');
    if (i < 1 || !/^[A-Za-z0-9]{1,8}$/.test(id) || master.length < 32)
      throw new Error('FANGTIAO_PII_KEYS: each key is <id>:<base64 of 32 bytes>');
    return { id, enc: derive(master, 'enc'), mac: derive(master, 'mac') };
  });
}

let keys: Key[] | null = null;
let keySpec: string | undefined;
/**
 * Without FANGTIAO_PII_KEYS (an older .env), one key is derived from Strapi's own
 * ENCRYPTION_KEY, under the id 'k0'; setting FANGTIAO_PII_KEYS later and rotating moves off it.
 */
let derived: { base: string; spec: string } | undefined;
function keySpecFromEnv(): string | undefined {
  // One read of each variable: process.env is a call into the runtime, and this runs per value.
  const given = process.env.FANGTIAO_PII_KEYS;
  if (given) return given;
  const base = process.env.ENCRYPTION_KEY;
  if (!base) return undefined;
  // Derived once per ENCRYPTION_KEY, not on every value read (a SHA-256 per decryption).
  if (derived?.base !== base) derived = { base, spec: `k0:${crypto.createHash('sha256').update(`fangtiao-pii:${base}`).digest('base64')}` };
  return derived.spec;
}

function ring(): Key[] {
  const spec = keySpecFromEnv();
  if (!keys || spec !== keySpec) {
    keys = parseKeys(spec);
    keySpec = spec;
  }
  return keys;
}

export const currentKeyId = () => ring()[0].id;
export const isEncrypted = (v: unknown): v is string => typeof v === 'string' && v.startsWith(PREFIX);
export const encryptedUnder = (v: string) => v.slice(PREFIX.length, v.indexOf(':', PREFIX.length));

export function encrypt(plain: string): string {
  const key = ring()[0];
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key.enc, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `${PREFIX}${key.id}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
}

export function decrypt(stored: string): string {
  if (!isEncrypted(stored)) return stored; // a value written before encryption, until migrated
  const id = encryptedUnder(stored);
  const key = ring().find((k) => k.id === id);
  if (!key) throw new Error(`personal data encrypted under key "${id}", which FANGTIAO_PII_KEYS no longer holds`);
  const raw = Buffer.from(stored.slice(PREFIX.length + id.length + 1), 'base64');
  const d = crypto.createDecipheriv('aes-256-gcm', key.enc, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

/** The keyed hash of a normalised value, under the current key: equal values, equal hashes. */
export function lookupHash(plain: string): string {
  return crypto.createHmac('sha256', ring()[0].mac).update(plain.trim().toUpperCase()).digest('base64url');
}

/** A new key for FANGTIAO_PII_KEYS. */
export const newKey = (id: string) => `${id}:${crypto.randomBytes(32).toString('base64')}`;
