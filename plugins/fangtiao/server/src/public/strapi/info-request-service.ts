import { getService } from '../../utils/get-service';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import crypto from 'crypto';
import fs from 'fs/promises';
import { conflict, findInScope, forbidden, readRows, throwIfInvalid, type Caller } from '@fangtiao/kernel';
import { formatDate, formatDateTime } from '@fangtiao/kernel/pure';
import { UID } from '../../constants';
import { privateStorage } from '../../documents/strapi/storage';
import { REPLY_FILE_MAX_BYTES, checkInfoReply, checkInfoRequest, sniffReplyFile } from '../rules';
import type { PublicSession } from './auth-service';
import { T } from './tables';
import { notifyHandlers } from './staff-notify';

/** Who on the desk may ask the person for more: the roles that handle a case. */
const ASKERS = ['clerk', 'leader', 'mediator'];

type Upload = { filepath: string; originalFilename?: string | null; mimetype?: string | null; size: number };

/** A row as the desk reads it (never the storage key). */
const staffView = (r: any) => ({
  id: r.id,
  message: r.message,
  replyBy: r.reply_by,
  askedBy: r.asked_by_name,
  askedAt: new Date(Number(r.asked_at)).toISOString(),
  reply: r.replied_at
    ? {
        text: r.reply_text,
        at: new Date(Number(r.replied_at)).toISOString(),
        file: r.file_key ? { name: r.file_name, mime: r.file_mime, size: r.file_size } : null,
      }
    : null,
});

/** A row as the person reads it: the question, the day to answer by (Beijing), and their answer. */
const personView = (r: any) => ({
  id: r.id,
  message: r.message,
  replyBy: formatDate(`${r.reply_by}T12:00:00+08:00`),
  askedAt: formatDateTime(Number(r.asked_at)),
  replied: !!r.replied_at,
  reply: r.replied_at ? { text: r.reply_text, at: formatDateTime(Number(r.replied_at)), fileName: r.file_name ?? null } : null,
});

/**
 * Requests for more information (补充材料/信息): the desk asks, with a reply-by day; the person
 * is told by SMS and answers on their page with text and at most one file (private storage,
 * never public/uploads). The rows live in the public module's own table.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const storage = () => privateStorage(strapi);

  return {
    /** The desk's request: the petition must be in the caller's jurisdiction (404 otherwise). */
    async ask(petitionDocumentId: string, input: any, caller: Caller & { fullName?: string | null }) {
      if (!ASKERS.includes(caller.role ?? '')) throw forbidden('只有信访干部、调解员或包案领导可以要求当事人补充材料');
      const p = await findInScope(strapi, UID.petition, petitionDocumentId, { populate: { parties: true } }, '信访事项不存在');
      const checked = checkInfoRequest(input, new Date());
      if (!checked.ok) throwIfInvalid(checked.errors);
      const { message, replyBy } = (checked as any).value;
      const phones = [
        ...new Set((p.parties ?? []).filter((x: any) => x.role === 'petitioner' && x.phone).map((x: any) => String(x.phone))),
      ] as string[];
      if (!phones.length) throw conflict('信访人没有登记手机号码，无法在线要求补充材料；请书面通知');
      const [ins] = await knex()(T.infoRequest)
        .insert({
          petition_id: p.id,
          message,
          reply_by: replyBy,
          asked_by: caller.id,
          asked_by_name: caller.fullName || caller.username,
          asked_at: Date.now(),
        })
        .returning('id');
      const saved = await knex()(T.infoRequest)
        .where({ id: typeof ins === 'object' ? ins.id : ins })
        .first();
      // The request stands even if the gateway fails; the desk sees how many messages went out.
      const link = `${String(strapi.config.get('server.url') ?? '').replace(/\/$/, '')}/p/`;
      let sent = 0;
      for (const to of phones) {
        try {
          await getService(strapi, 'public-auth').sendSms({
            to,
            template: 'info-request',
            params: { referenceNo: p.referenceNo, replyBy: formatDate(`${replyBy}T12:00:00+08:00`), link },
          });
          sent += 1;
        } catch (e: any) {
          strapi.log.warn(`[public] info-request SMS failed for ${p.referenceNo}: ${e.message}`);
        }
      }
      return { petition: p, request: staffView(saved), smsSent: sent };
    },

    async listForStaff(petitionDocumentId: string) {
      const p = await findInScope(strapi, UID.petition, petitionDocumentId, { fields: ['referenceNo'] }, '信访事项不存在');
      const rows = await knex()(T.infoRequest).where({ petition_id: p.id }).orderBy('id', 'desc');
      return rows.map(staffView);
    },

    /** The reply's file, for the desk (in jurisdiction). */
    async staffFile(petitionDocumentId: string, requestId: unknown) {
      const p = await findInScope(strapi, UID.petition, petitionDocumentId, { fields: ['referenceNo'] }, '信访事项不存在');
      const row = await knex()(T.infoRequest)
        .where({ petition_id: p.id, id: Number(requestId) || 0 })
        .first();
      if (!row?.file_key) throw new errors.NotFoundError('附件不存在');
      return { petition: p, row, bytes: await storage().read(row.file_key) };
    },

    async forPerson(petitionId: number) {
      // On the person's status page, every read: constant SQL, prepared on SQLite (README "Benchmarks").
      const rows = await readRows(strapi, `SELECT * FROM "${T.infoRequest}" WHERE petition_id = ? ORDER BY id DESC`, [petitionId]);
      return rows.map(personView);
    },

    /** The person's answer, once, with at most one PDF/JPEG/PNG file; another person's request is a 404. */
    async reply(session: PublicSession, referenceNo: string, requestId: unknown, input: any, upload: Upload | null) {
      try {
        const p = await getService(strapi, 'public-status').load(session, referenceNo);
        const row = await knex()(T.infoRequest)
          .where({ petition_id: p.id, id: Number(requestId) || 0 })
          .first();
        if (!row) throw new errors.NotFoundError('补充材料要求不存在');
        if (row.replied_at) throw conflict('您已答复过这项要求');
        const checked = checkInfoReply(input);
        if (!checked.ok) throwIfInvalid(checked.errors);
        const data: Record<string, unknown> = { reply_text: (checked as any).value.text, replied_at: Date.now() };
        if (upload) {
          if (upload.size > REPLY_FILE_MAX_BYTES) throwIfInvalid([{ path: ['file'], message: '附件不能超过10MB' }]);
          const bytes = await fs.readFile(upload.filepath);
          const kind = sniffReplyFile(bytes.subarray(0, 8));
          if (!kind) throwIfInvalid([{ path: ['file'], message: '附件只能是PDF、JPG或PNG文件' }]);
          const key = `replies/${p.id}-${row.id}-${crypto.randomBytes(6).toString('hex')}${kind!.ext}`;
          await storage().write(key, bytes);
          const name = String(upload.originalFilename || `附件${kind!.ext}`)
            .replace(/[\\/\r\n"]/g, '_')
            .slice(0, 120);
          Object.assign(data, { file_key: key, file_name: name, file_mime: kind!.mime, file_size: bytes.length });
        }
        // Only an unanswered row is written: two replies at once cannot both succeed.
        const n = await knex()(T.infoRequest).where({ id: row.id }).whereNull('replied_at').update(data);
        if (!n) {
          if (data.file_key) await storage().remove(String(data.file_key));
          throw conflict('您已答复过这项要求');
        }
        // The case's clerk and mediator, and whoever asked, see the answer in their inbox.
        await notifyHandlers(strapi, p.id, 'info-reply', { detail: `要求：${row.message}`, also: [row.asked_by] });
        return { petition: p, requestId: row.id, withFile: !!data.file_key };
      } finally {
        if (upload) await fs.rm(upload.filepath, { force: true }); // the body parser's temporary copy
      }
    },
  };
};
