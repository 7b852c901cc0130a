import { getService } from '../../utils/get-service';
import type { Core } from '@strapi/strapi';
import fs from 'fs/promises';
import { errors } from '@strapi/utils';
import { viewLog } from './view-log';
import { isEmail, isMobile, maskEmail, maskMobile, normaliseEmail, normaliseMobile } from '../rules';
import type {
  AnswerReturnVisit,
  CreditRequest,
  EmailLogin,
  GetCases,
  GetCaseStatus,
  GetIntakeOptions,
  Login,
  Lookup,
  OpenDocument,
  ReplyToInfoRequest,
  RequestCode,
  RequestEmailCode,
  RequestReview,
  SubmitPetition,
} from '../../../../shared/contracts/public';
import type { Ctx } from '../../utils/context';

/** The session cookie: HttpOnly, SameSite=Lax (a cross-site POST carries no session), 30 minutes. */
export const COOKIE = 'ft_p';

const auth = (strapi: Core.Strapi) => getService(strapi, 'public-auth');
const status = (strapi: Core.Strapi) => getService(strapi, 'public-status');
const intake = (strapi: Core.Strapi) => getService(strapi, 'public-intake');
const audit = (strapi: Core.Strapi) => strapi.service('api::audit-entry.audit-entry');
const body = (ctx: Ctx) => (ctx.request.body && typeof ctx.request.body === 'object' ? ctx.request.body : {});

/** A 429 of the public channel's limits carries Retry-After, as the login throttle's does. */
function retryAfter(ctx: Ctx, e: any) {
  const seconds = e?.details?.retryAfter;
  if (seconds) ctx.set('Retry-After', String(seconds));
}

function setCookie(ctx: Ctx, token: string, expiresAt: number) {
  ctx.cookies.set(COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.secure,
    path: '/',
    expires: new Date(expiresAt),
    overwrite: true,
  });
}

/** Thin controllers of the public channel; every action is in the audit log (actor type `public`). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const record = (ctx: Ctx, action: string, detail: Record<string, unknown> = {}, target?: { uid: string; documentId: string }) =>
    audit(strapi).record(
      { action, targetUid: target?.uid, targetDocumentId: target?.documentId ?? null, detail },
      { name: ctx.state.publicActor ?? '公众', ip: ctx.request.ip ?? null },
    );

  /** The session of the request, or 401. */
  const session = async (ctx: Ctx) => {
    const s = await auth(strapi).session(ctx.cookies.get(COOKIE));
    if (!s) throw new errors.UnauthorizedError('请先登录（手机验证码或编号加查询码）');
    ctx.state.publicActor = s.label;
    return s;
  };

  /** An objection or a repair application from the person's page (the credit module decides it). */
  async function creditRequest(ctx: Ctx<CreditRequest.Request>, kind: 'objection' | 'repair') {
    const s = await session(ctx);
    const r = await status(strapi).creditRequest(s, ctx.params.ref, ctx.params.flag, kind, body(ctx));
    await record(
      ctx,
      kind === 'objection' ? 'public-credit-objection' : 'public-credit-repair',
      { referenceNo: r.petition.referenceNo },
      { uid: 'plugin::fangtiao.credit-flag', documentId: r.flag.documentId },
    );
    ctx.body = { data: { ok: true } } satisfies CreditRequest.Response;
  }

  return {
    async requestCode(ctx: Ctx) {
      const phone = body(ctx).phone;
      if (isMobile(phone)) ctx.state.publicActor = `手机${maskMobile(normaliseMobile(phone))}`;
      try {
        ctx.body = { data: await auth(strapi).requestCode(phone, ctx.request.ip) } satisfies RequestCode.Response;
      } catch (e) {
        retryAfter(ctx, e);
        throw e;
      } finally {
        await record(ctx, ctx.status < 400 ? 'public-code-sent' : 'public-code-refused');
      }
    },

    async login(ctx: Ctx) {
      const { phone, code } = body(ctx);
      if (isMobile(phone)) ctx.state.publicActor = `手机${maskMobile(normaliseMobile(phone))}`;
      try {
        const s = await auth(strapi).verifyCode(phone, code, ctx.request.ip);
        setCookie(ctx, s.token, s.expiresAt);
        await record(ctx, 'public-login', { by: 'otp' });
        ctx.body = { data: { expiresAt: new Date(s.expiresAt).toISOString() } } satisfies Login.Response;
      } catch (e) {
        retryAfter(ctx, e);
        await record(ctx, 'public-login-failed', { by: 'otp' });
        throw e;
      }
    },

    /** The e-mail way to the same code: `{ email }`, then `{ email, code }` (audited as `by: 'email'`). */
    async requestEmailCode(ctx: Ctx) {
      const email = body(ctx).email;
      if (isEmail(email)) ctx.state.publicActor = `邮箱${maskEmail(normaliseEmail(email))}`;
      try {
        ctx.body = { data: await auth(strapi).requestEmailCode(email, ctx.request.ip) } satisfies RequestEmailCode.Response;
      } catch (e) {
        retryAfter(ctx, e);
        throw e;
      } finally {
        await record(ctx, ctx.status < 400 ? 'public-code-sent' : 'public-code-refused', { by: 'email' });
      }
    },

    async emailLogin(ctx: Ctx) {
      const { email, code } = body(ctx);
      if (isEmail(email)) ctx.state.publicActor = `邮箱${maskEmail(normaliseEmail(email))}`;
      try {
        const s = await auth(strapi).verifyEmailCode(email, code, ctx.request.ip);
        setCookie(ctx, s.token, s.expiresAt);
        await record(ctx, 'public-login', { by: 'email' });
        ctx.body = { data: { expiresAt: new Date(s.expiresAt).toISOString() } } satisfies EmailLogin.Response;
      } catch (e) {
        retryAfter(ctx, e);
        await record(ctx, 'public-login-failed', { by: 'email' });
        throw e;
      }
    },

    async lookup(ctx: Ctx) {
      const { referenceNo, queryCode } = body(ctx);
      ctx.state.publicActor = `查询编号${String(referenceNo ?? '').slice(0, 40)}`;
      try {
        const s = await auth(strapi).lookup(referenceNo, queryCode, ctx.request.ip);
        setCookie(ctx, s.token, s.expiresAt);
        await record(ctx, 'public-login', { by: 'query-code' });
        ctx.body = {
          data: { expiresAt: new Date(s.expiresAt).toISOString(), referenceNo: String(referenceNo).trim() },
        } satisfies Lookup.Response;
      } catch (e) {
        retryAfter(ctx, e);
        await record(ctx, 'public-login-failed', { by: 'query-code' });
        throw e;
      }
    },

    async logout(ctx: Ctx) {
      await auth(strapi).endSession(ctx.cookies.get(COOKIE));
      ctx.cookies.set(COOKIE, '', { httpOnly: true, path: '/', expires: new Date(0) });
      ctx.status = 204;
    },

    async cases(ctx: Ctx) {
      const s = await session(ctx);
      const data = await status(strapi).list(s);
      viewLog(strapi).add({ action: 'public-cases-viewed', detail: { count: data.length } }, { name: s.label, ip: ctx.request.ip ?? null });
      ctx.body = { data, meta: { who: s.label, expiresAt: new Date(s.expiresAt).toISOString() } } satisfies GetCases.Response;
    },

    async caseStatus(ctx: Ctx<GetCaseStatus.Request>) {
      const s = await session(ctx);
      const data = await status(strapi).status(s, ctx.params.ref);
      viewLog(strapi).add(
        { action: 'public-case-viewed', detail: { referenceNo: data.referenceNo } },
        { name: s.label, ip: ctx.request.ip ?? null },
      );
      ctx.body = { data } satisfies GetCaseStatus.Response;
    },

    async openDocument(ctx: Ctx<OpenDocument.Request>) {
      const s = await session(ctx);
      const f = await status(strapi).open(s, ctx.params.ref, ctx.params.doc);
      await record(
        ctx,
        'public-document-opened',
        {
          referenceNo: f.petition.referenceNo,
          kind: f.doc.kind,
          version: f.doc.version,
          delivery: f.firstOpening ? 'electronic' : 'already-delivered',
          creditDelivered: f.creditDelivered,
        },
        { uid: 'plugin::fangtiao.generated-document', documentId: f.doc.documentId },
      );
      ctx.set('Content-Type', 'application/pdf');
      // Inline: a phone's browser shows the PDF; the file name is the case's.
      ctx.set('Content-Disposition', `inline; filename="${f.ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = f.bytes;
    },

    async returnVisit(ctx: Ctx<AnswerReturnVisit.Request>) {
      const s = await session(ctx);
      const r = await status(strapi).answerReturnVisit(s, ctx.params.ref, body(ctx));
      await record(
        ctx,
        'public-return-visit',
        { referenceNo: r.petition.referenceNo, result: r.returnVisit.result, resolved: r.returnVisit.resolved },
        { uid: 'api::petition.petition', documentId: r.petition.documentId },
      );
      ctx.body = { data: { result: r.returnVisit.result, resolved: r.returnVisit.resolved } } satisfies AnswerReturnVisit.Response;
    },

    /** The person's answer to a request for more information: text and at most one file (multipart or JSON). */
    async infoReply(ctx: Ctx<ReplyToInfoRequest.Request>) {
      const f = ctx.request.files?.file;
      const upload = Array.isArray(f) ? f[0] : (f ?? null);
      // Without a session the body parser's temporary copy of the file must not stay behind.
      const s = await session(ctx).catch(async (e) => {
        if (upload) await fs.rm(upload.filepath, { force: true });
        throw e;
      });
      const r = await getService(strapi, 'public-info-request').reply(s, ctx.params.ref, ctx.params.request, body(ctx), upload);
      await record(
        ctx,
        'public-info-reply',
        { referenceNo: r.petition.referenceNo, requestId: r.requestId, withFile: r.withFile },
        { uid: 'api::petition.petition', documentId: r.petition.documentId },
      );
      ctx.body = { data: { ok: true } } satisfies ReplyToInfoRequest.Response;
    },

    /** 申请复查 / 申请复核 within the window (409 with the reason outside it). */
    async reviewRequest(ctx: Ctx<RequestReview.Request>) {
      const s = await session(ctx);
      const kind = ctx.params.kind === 're-review' ? 're-review' : ctx.params.kind === 'review' ? 'review' : null;
      if (!kind) throw new errors.NotFoundError('未找到该操作');
      const p = await status(strapi).load(s, ctx.params.ref);
      try {
        const r = await status(strapi).requestReview(s, ctx.params.ref, kind);
        await record(
          ctx,
          'public-review-requested',
          { referenceNo: p.referenceNo, kind, from: r.from, to: r.to },
          { uid: 'api::petition.petition', documentId: p.documentId },
        );
        ctx.body = { data: { state: r.to, label: r.label } } satisfies RequestReview.Response;
      } catch (e: any) {
        await record(
          ctx,
          'public-review-refused',
          { referenceNo: p.referenceNo, kind, reason: e.message },
          { uid: 'api::petition.petition', documentId: p.documentId },
        );
        throw e;
      }
    },

    objection: (ctx: Ctx<CreditRequest.Request>) => creditRequest(ctx, 'objection'),
    repair: (ctx: Ctx<CreditRequest.Request>) => creditRequest(ctx, 'repair'),

    async intakeOptions(ctx: Ctx) {
      ctx.body = { data: await intake(strapi).options() } satisfies GetIntakeOptions.Response;
    },

    async submit(ctx: Ctx) {
      const s = await session(ctx);
      const r = await intake(strapi).submit(s, body(ctx));
      await record(
        ctx,
        'public-petition-submitted',
        { referenceNo: r.referenceNo },
        { uid: 'api::petition.petition', documentId: r.documentId },
      );
      ctx.body = { data: { referenceNo: r.referenceNo, queryCode: r.queryCode } } satisfies SubmitPetition.Response;
    },
  };
};
