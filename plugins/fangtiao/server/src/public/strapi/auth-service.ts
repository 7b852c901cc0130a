import { getService } from '../../utils/get-service';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { emailHash, hashOf, lockedMessage, readRows, throttledAttempt, throwIfInvalid } from '@fangtiao/kernel';
import {
  LIMITS,
  OTP,
  OTP_MESSAGES,
  SESSION_TTL_MS,
  checkOtp,
  isEmail,
  isMobile,
  maskEmail,
  maskMobile,
  matchesHash,
  newOtp,
  newToken,
  newQueryCode,
  normaliseEmail,
  normaliseMobile,
  normaliseQueryCode,
  otpEmail,
  saltedHash,
  tokenHash,
} from '../rules';
import { createSmsProvider, type SmsMessage, type SmsProvider } from '../sms';
import { T } from './tables';

export type PublicSession = {
  phoneHash: string | null;
  emailHash: string | null;
  petitionId: number | null;
  expiresAt: number;
  label: string;
};
type Binding = { phoneHash?: string | null; emailHash?: string | null; petitionId?: number | null; label: string };
/** Where a one-time code goes: the address's keyed hash (rows and throttles are by it) and how to deliver the code. */
type Address = { hash: string; deliver: (code: string) => Promise<void> };

const rateLimited = (kind: 'account' | 'ip', seconds: number, what: string) =>
  new errors.RateLimitError(
    kind === 'ip' ? lockedMessage('ip', seconds) : `${what}次数过多，请 ${Math.max(1, Math.ceil(seconds / 60))} 分钟后再试`,
    { retryAfter: seconds },
  );

/**
 * Who the person is, without accounts: a one-time code by SMS to their phone (or by e-mail to
 * the contact address of an online filing), then a short session (30 min) bound to that phone
 * (address) — or, after a reference number with its query code, to
 * that one case. Codes, query codes and session tokens are stored hashed.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let provider: SmsProvider | null = null;
  const knex = () => strapi.db.connection;
  const sms = () =>
    (provider ??= createSmsProvider(strapi.config.get('plugin::fangtiao.sms'), {
      log: (line) => strapi.log.info(line),
      store: async (m: SmsMessage) => {
        await knex()(T.smsLog).insert({ to_phone: m.to, template: m.template, params: JSON.stringify(m.params), sent_at: Date.now() });
      },
    }));

  return {
    /** For tests: a provider built from new options (e.g. pointing at a local gateway). */
    useSmsProvider(p: SmsProvider | null) {
      provider = p;
    },

    async sendSms(message: SmsMessage) {
      await sms().send(message);
    },

    /** Sends a code to `phone` by SMS. The answer never says whether the phone has cases. */
    async requestCode(phoneInput: unknown, ip: string) {
      if (!isMobile(phoneInput)) throwIfInvalid([{ path: ['phone'], message: '请输入11位手机号码' }]);
      const phone = normaliseMobile(phoneInput as string);
      return this.sendCode(
        { hash: hashOf('phone', phone), deliver: (code) => this.sendSms({ to: phone, template: 'otp', params: { code } }) },
        ip,
      );
    },

    /** Sends a code to `email` through Strapi's e-mail plugin (any configured provider). */
    async requestEmailCode(emailInput: unknown, ip: string) {
      if (!isEmail(emailInput)) throwIfInvalid([{ path: ['email'], message: '请输入正确的电子邮箱地址' }]);
      const email = normaliseEmail(emailInput as string);
      return this.sendCode({ hash: emailHash(email), deliver: (code) => this.sendEmail(email, otpEmail(code)) }, ip);
    },

    /** One mail through the e-mail plugin; without a real transport (nodemailer's JSON one) it is written to the log, as the SMS `log` provider does. */
    async sendEmail(to: string, message: { subject: string; text: string; html?: string }) {
      const info = await strapi
        .plugin('email')
        .service('email')
        .send({ to, ...message });
      if (typeof info?.message === 'string') strapi.log.info(`[email:log] to ${to}: ${message.text.split('\n')[0]}`);
    },

    /**
     * A new code for an address (phone or e-mail alike): the same limits per address and per IP
     * (the IP's budget is shared by both ways), and a new code voids the ones before it.
     */
    async sendCode(to: Address, ip: string) {
      const verdict = await throttledAttempt(strapi, `p-send:${to.hash}`, `p-send-ip:${ip}`, LIMITS.send);
      if (!verdict.allowed) throw rateLimited(verdict.kind, verdict.retryAfter, '获取验证码');
      await verdict.settle('failed'); // every code sent counts
      const code = newOtp();
      const now = Date.now();
      const { salt, hash } = saltedHash(code);
      // A new code replaces the ones before it: only the latest can be used. (`phone_hash` holds an e-mail's hash too.)
      await knex()(T.otp).where({ phone_hash: to.hash }).whereNull('used_at').update({ used_at: now });
      await knex()(T.otp).insert({
        phone_hash: to.hash,
        code_salt: salt,
        code_hash: hash,
        expires_at: now + OTP.ttlMs,
        attempts: 0,
        created_at: now,
      });
      await knex()(T.otp)
        .where('expires_at', '<', now - 24 * 3_600_000)
        .delete();
      await to.deliver(code);
      return { expiresInSeconds: OTP.ttlMs / 1000 };
    },

    /** Checks the SMS code; on success opens a session bound to the phone and returns its token. */
    async verifyCode(phoneInput: unknown, codeInput: unknown, ip: string) {
      if (!isMobile(phoneInput)) throwIfInvalid([{ path: ['phone'], message: '请输入11位手机号码' }]);
      const phone = normaliseMobile(phoneInput as string);
      const phoneHash = hashOf('phone', phone);
      await this.checkCode(phoneHash, codeInput, ip);
      return this.openSession({ phoneHash, label: `手机${maskMobile(phone)}` });
    },

    /** Checks the e-mailed code; on success opens a session bound to the address. */
    async verifyEmailCode(emailInput: unknown, codeInput: unknown, ip: string) {
      if (!isEmail(emailInput)) throwIfInvalid([{ path: ['email'], message: '请输入正确的电子邮箱地址' }]);
      const email = normaliseEmail(emailInput as string);
      const hashed = emailHash(email);
      await this.checkCode(hashed, codeInput, ip);
      return this.openSession({ emailHash: hashed, label: `邮箱${maskEmail(email)}` });
    },

    /** The latest code of an address against the one given: 400 on `code` with the reason, 429 past the limits. */
    async checkCode(addressHash: string, codeInput: unknown, ip: string) {
      const code = String(codeInput ?? '').trim();
      const verdict = await throttledAttempt(strapi, `p-verify:${addressHash}`, `p-verify-ip:${ip}`, LIMITS.verify);
      if (!verdict.allowed) throw rateLimited(verdict.kind, verdict.retryAfter, '验证码错误');
      const now = Date.now();
      const row = await knex()(T.otp).where({ phone_hash: addressHash }).orderBy('id', 'desc').first();
      // The try is counted on the code before it is checked: parallel guesses cannot exceed five.
      const counted = row
        ? await knex()(T.otp).where({ id: row.id }).andWhere('attempts', '<', OTP.maxAttempts).whereNull('used_at').increment('attempts', 1)
        : 0;
      const check = checkOtp(
        row && {
          codeSalt: row.code_salt,
          codeHash: row.code_hash,
          expiresAt: Number(row.expires_at),
          attempts: counted ? Number(row.attempts) : OTP.maxAttempts,
          usedAt: row.used_at ? Number(row.used_at) : null,
        },
        code,
        now,
      );
      if (!check.ok) {
        await verdict.settle('failed');
        const left = check.reason === 'wrong' && check.attemptsLeft > 0 ? `，还可尝试${check.attemptsLeft}次` : '';
        throwIfInvalid([{ path: ['code'], message: OTP_MESSAGES[check.reason] + left }]);
      }
      // Single use: only one request can mark it used.
      const marked = await knex()(T.otp).where({ id: row.id }).whereNull('used_at').update({ used_at: now });
      if (!marked) {
        await verdict.settle('failed');
        throwIfInvalid([{ path: ['code'], message: OTP_MESSAGES.used }]);
      }
      await verdict.settle('succeeded');
    },

    /**
     * A reference number with its query code opens a session bound to that case. A wrong
     * number and a wrong code are the same 404, and failures are limited per number and per IP.
     */
    async lookup(referenceNo: unknown, queryCode: unknown, ip: string) {
      const ref = String(referenceNo ?? '')
        .trim()
        .slice(0, 40);
      const qc = normaliseQueryCode(queryCode).slice(0, 20);
      const verdict = await throttledAttempt(strapi, `p-lookup:${ref}`, `p-lookup-ip:${ip}`, LIMITS.lookup);
      if (!verdict.allowed) throw rateLimited(verdict.kind, verdict.retryAfter, '查询');
      const petitionId: number | null = await getService(strapi, 'public-status').petitionIdOf(ref);
      const stored = petitionId ? await knex()(T.queryCode).where({ petition_id: petitionId }).first() : null;
      // Hash even when nothing was found, so the time taken does not tell a number exists.
      const ok = matchesHash(qc, stored?.code_salt ?? 'none', stored?.code_hash ?? saltedHash('x').hash) && !!stored;
      if (!ok) {
        await verdict.settle('failed');
        throw new errors.NotFoundError('编号或查询码不正确');
      }
      await verdict.settle('succeeded');
      return { ...(await this.openSession({ petitionId, label: `编号${ref}` })), petitionId: petitionId! };
    },

    /** A new query code for a petition (at registration); a second call replaces the first. */
    async issueQueryCode(petitionId: number): Promise<string> {
      const code = newQueryCode();
      const { salt, hash } = saltedHash(code);
      // In the registration's transaction when called inside one (registerWithQueryCode).
      await strapi.db.transaction(({ trx }) =>
        trx(T.queryCode)
          .insert({ petition_id: petitionId, code_salt: salt, code_hash: hash, created_at: Date.now() })
          .onConflict('petition_id')
          .merge(),
      );
      return code;
    },

    async openSession(binding: Binding) {
      const token = newToken();
      const now = Date.now();
      const expiresAt = now + SESSION_TTL_MS;
      await knex()(T.session).insert({
        token_hash: tokenHash(token),
        phone_hash: binding.phoneHash ?? null,
        email_hash: binding.emailHash ?? null,
        petition_id: binding.petitionId ?? null,
        label: binding.label,
        expires_at: expiresAt,
        created_at: now,
      });
      await knex()(T.session).where('expires_at', '<', now).delete();
      return { token, expiresAt, label: binding.label };
    },

    async session(token: string | undefined): Promise<PublicSession | null> {
      if (!token || token.length > 100) return null;
      // Every request of a logged-in person reads it: constant SQL, prepared on SQLite.
      type Row = {
        phone_hash: string | null;
        email_hash: string | null;
        petition_id: number | null;
        expires_at: number | string;
        label: string | null;
      };
      const [row] = await readRows<Row>(strapi, `SELECT * FROM "${T.session}" WHERE token_hash = ?`, [tokenHash(token)]);
      if (!row || Number(row.expires_at) <= Date.now()) return null;
      return {
        phoneHash: row.phone_hash ?? null,
        emailHash: row.email_hash ?? null,
        petitionId: row.petition_id == null ? null : Number(row.petition_id),
        expiresAt: Number(row.expires_at),
        label: row.label ?? '',
      };
    },

    async endSession(token: string | undefined) {
      if (token)
        await knex()(T.session)
          .where({ token_hash: tokenHash(token) })
          .delete();
    },
  };
};
