import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import crypto from 'crypto';
import fs from 'fs/promises';
import sharp from 'sharp';
import { conflict, findInScope, forbidden, throttledAttempt, throwIfInvalid, lockedMessage, type Caller } from '@fangtiao/kernel';
import { UID } from '../../constants';
import { privateStorage } from '../../documents/strapi/storage';
import {
  changeRefusal,
  checkFiles,
  cleanName,
  LIMITS,
  OWNER_LABELS,
  SNIFF_BYTES,
  type Candidate,
  type FileKind,
  type OwnerKind,
} from '../rules';
import { formatDateTime } from '@fangtiao/kernel/pure';
import type { Attachment, Owner } from '../../../../shared/contracts/attachments';

export const ATTACHMENT_UID = 'plugin::fangtiao.attachment';
const SESSION_UID = 'api::mediation-session.mediation-session';
const VISIT_UID = 'api::visit.visit';
const HEARING_UID = 'plugin::fangtiao.hearing';

/** A file as koa-body (formidable) hands it over: a temporary copy on disk. */
export type Upload = { filepath: string; originalFilename?: string | null; mimetype?: string | null; size: number };
/** Who uploads: a desk user, or the person from /p/ (named as the audit log names them). */
export type Uploader = { caller: Pick<Caller, 'id' | 'role'> } | { publicActor: string };
/**
 * `replaces`: the attachment row this single file is the next version of (替换). `written`: collects
 * the storage keys written, for a caller whose own transaction may still roll back (registration).
 */
export type UploadOptions = { replaces?: AttachmentRow; written?: string[] };

type Person = { username: string; fullName?: string | null };
/** An attachment row as the database query returns it (the columns read here; people when populated). */
export interface AttachmentRow {
  id: number;
  documentId: string;
  ownerKind: OwnerKind;
  ownerDocumentId: string;
  field: string | null;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  source: 'desk' | 'public';
  /** ISO text once sent (the database hands over a Date). */
  createdAt: string;
  fileKey?: string;
  thumbKey?: string | null;
  version?: number | null;
  chain?: string | null;
  withdrawnAt?: Date | string | null;
  supersededBy?: string | null;
  uploadedBy?: Person | null;
  withdrawnBy?: Person | null;
  markedBy?: Person | null;
  [column: string]: unknown;
}
/** The case an attachment belongs to, as `ownerCase` reads it. */
type OwnerCase = {
  id: number;
  documentId: string;
  referenceNo: string;
  state: string;
  caseTypeVersion?: number | null;
  mediator?: { id: number } | null;
  caseType?: { documentId: string } | null;
};

/** Only current attachments are listed and counted: not withdrawn, not replaced by a newer version. */
export const CURRENT = { withdrawnAt: { $null: true }, supersededBy: { $null: true } } as const;

const person = (u: Person | null | undefined) => (u ? { fullName: u.fullName ?? null, username: u.username } : null);

/** An attachment as callers see it: without the storage keys. */
export function shown(row: AttachmentRow): Attachment {
  if (!row) return row;
  const { fileKey, thumbKey, petition, uploadedBy, withdrawnBy, markedBy, ...rest } = row;
  return {
    ...rest,
    hasThumbnail: !!thumbKey,
    uploadedBy: person(uploadedBy),
    ...(withdrawnBy ? { withdrawnBy: person(withdrawnBy) } : {}),
    ...(markedBy ? { markedBy: person(markedBy) } : {}),
  };
}

const THUMB_PX = 320;

async function headOf(filepath: string): Promise<Uint8Array> {
  const fh = await fs.open(filepath, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Removes the body parser's temporary copies (also when the request is refused). */
export const dropUploads = (uploads: Upload[]) => Promise.all(uploads.map((u) => fs.rm(u.filepath, { force: true })));

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * The case an owner belongs to, inside the caller's jurisdiction (404 otherwise: the
   * attachment's case decides who may see it), and for a form field that the field exists and
   * takes files (400 naming it otherwise).
   */
  async ownerCase(kind: OwnerKind, ownerDocumentId: unknown, field?: unknown): Promise<{ petition: OwnerCase; field: string | null }> {
    const petitionOf = (documentId: unknown) =>
      findInScope<OwnerCase>(
        strapi,
        UID.petition,
        documentId,
        {
          fields: ['referenceNo', 'state', 'caseTypeVersion'],
          populate: { mediator: { fields: ['id'] }, caseType: { fields: ['documentId'] } },
        },
        '信访事项不存在',
      );
    const viaRelation = async (uid: string, notFound: string) => {
      const row = await findInScope<{ petition?: { documentId: string } | null }>(
        strapi,
        uid,
        ownerDocumentId,
        { populate: { petition: { fields: ['documentId'] } } },
        notFound,
      );
      if (!row.petition) throw new errors.NotFoundError(notFound);
      return petitionOf(row.petition.documentId);
    };
    switch (kind) {
      case 'petition':
        return { petition: await petitionOf(ownerDocumentId), field: null };
      case 'form-field': {
        const petition = await petitionOf(ownerDocumentId);
        const key = typeof field === 'string' ? field : '';
        const schema = petition.caseType
          ? (
              await strapi
                .service('api::case-type.case-type')
                .schemaVersion(petition.caseType.documentId, petition.caseTypeVersion ?? undefined)
            ).formSchema
          : null;
        const f = (schema?.fields ?? []).find((x: { key?: string; type?: string } | null) => x && x.key === key);
        if (!f || f.type !== 'attachment') throwIfInvalid([{ path: ['field'], message: '该表单字段不存在或不是附件字段' }]);
        return { petition, field: key };
      }
      case 'session':
        return { petition: await viaRelation(SESSION_UID, '调解记录不存在'), field: null };
      case 'visit':
        return { petition: await viaRelation(VISIT_UID, '来访记录不存在'), field: null };
      case 'hearing': {
        // Hearings are scheduling resources, not case data: the hearing's case decides.
        const id = typeof ownerDocumentId === 'string' ? ownerDocumentId : '';
        const h = id
          ? await strapi.db.query(HEARING_UID).findOne({ where: { documentId: id }, populate: { petition: { select: ['documentId'] } } })
          : null;
        if (!h?.petition) throw new errors.NotFoundError('听证会商不存在或未关联案件');
        return { petition: await petitionOf(h.petition.documentId), field: null };
      }
      default:
        throw new errors.NotFoundError('附件所属对象不存在');
    }
  },

  /**
   * Stores files for one owner. Everything is checked before anything is stored (type by the
   * first bytes, size, count); then files and rows are written in one transaction, and on any
   * failure the rows roll back and the files already written are removed: a failed upload
   * leaves neither. The body parser's temporary copies are always removed.
   */
  async upload(kind: OwnerKind, ownerDocumentId: unknown, fieldInput: unknown, uploads: Upload[], who: Uploader, opts: UploadOptions = {}) {
    try {
      const { petition, field } = await this.ownerCase(kind, ownerDocumentId, fieldInput);
      if ('caller' in who && who.caller.role === 'mediator' && petition.mediator?.id !== who.caller.id) {
        throw forbidden('只有承办本案的调解员可以上传本案附件');
      }
      const old = opts.replaces;
      if (old) checkReplacement(petition, old, uploads);
      const owner = kind === 'form-field' || kind === 'petition' ? petition.documentId : String(ownerDocumentId);
      const publicUpload = 'publicActor' in who;
      // The person's uploads count against the case (all they ever sent: they cannot withdraw);
      // the desk's against the field or record, current files only (a replaced one makes room).
      const existing = publicUpload
        ? await strapi.db.query(ATTACHMENT_UID).count({ where: { petition: petition.id, source: 'public' } })
        : (await strapi.db.query(ATTACHMENT_UID).count({ where: { ownerKind: kind, ownerDocumentId: owner, field, ...CURRENT } })) -
          (old ? 1 : 0);
      const candidates: Candidate[] = await Promise.all(
        uploads.map(async (u) => ({ name: String(u.originalFilename ?? ''), size: u.size, head: await headOf(u.filepath) })),
      );
      const errorField = field ?? 'files';
      const checked = checkFiles(
        candidates,
        existing,
        errorField,
        publicUpload ? { perOwner: LIMITS.publicPerCase, maxBytes: LIMITS.maxBytes } : LIMITS,
      );
      if (!checked.ok) throwIfInvalid(checked.errors, '附件有误');
      const kinds = (checked as { kinds: FileKind[] }).kinds;

      const storage = privateStorage(strapi);
      const written: string[] = [];
      const keep = (key: string) => (written.push(key), opts.written?.push(key));
      try {
        return await strapi.db.transaction(async () => {
          const rows: AttachmentRow[] = [];
          for (const [i, u] of uploads.entries()) {
            const bytes = await fs.readFile(u.filepath);
            const base = `attachments/${petition.id}-${crypto.randomBytes(9).toString('hex')}`;
            const fileKey = `${base}${kinds[i].ext}`;
            await storage.write(fileKey, bytes);
            keep(fileKey);
            let thumbKey: string | null = null;
            if (kinds[i].image) {
              thumbKey = `${base}.thumb.jpg`;
              await storage.write(thumbKey, await thumbnail(bytes, [errorField, i], candidates[i].name));
              keep(thumbKey);
            }
            const row = await strapi.documents(ATTACHMENT_UID).create({
              data: {
                ownerKind: kind,
                ownerDocumentId: owner,
                field,
                petition: petition.documentId,
                name: cleanName(u.originalFilename, kinds[i].ext),
                mime: kinds[i].mime,
                size: bytes.length,
                sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
                fileKey,
                thumbKey,
                source: publicUpload ? 'public' : 'desk',
                uploadedBy: 'caller' in who ? who.caller.id : null,
                publicActor: publicUpload ? who.publicActor : null,
                version: old ? (old.version ?? 1) + 1 : 1,
                chain: old ? (old.chain ?? old.documentId) : null,
              },
              populate: { uploadedBy: { fields: ['username', 'fullName'] } },
            });
            rows.push(row as AttachmentRow);
          }
          if (old) await supersede(strapi, old, rows[0].documentId);
          return { petition, rows: rows.map(shown) };
        });
      } catch (e) {
        await Promise.all(written.map((k) => storage.remove(k)));
        throw e;
      }
    } finally {
      await dropUploads(uploads);
    }
  },

  /** Removes stored files (and thumbnails) whose rows a caller's transaction rolled back. */
  async discard(keys: string[]) {
    const storage = privateStorage(strapi);
    await Promise.all(keys.map((k) => storage.remove(k)));
  },

  /** The attachments of one owner (a field, a record), in the caller's jurisdiction. */
  async listForOwner(kind: OwnerKind, ownerDocumentId: unknown, field?: unknown) {
    const { petition, field: f } = await this.ownerCase(kind, ownerDocumentId, field);
    const owner = kind === 'form-field' || kind === 'petition' ? petition.documentId : String(ownerDocumentId);
    const rows = (await strapi.db.query(ATTACHMENT_UID).findMany({
      where: { ownerKind: kind, ownerDocumentId: owner, ...(f ? { field: f } : {}), ...CURRENT },
      orderBy: { id: 'asc' },
      populate: { uploadedBy: { select: ['username', 'fullName'] } },
    })) as AttachmentRow[];
    return rows.map(shown);
  },

  /**
   * Every attachment of a case with its stored path, oldest first — for the case file (一案一档)
   * and the desk. In the caller's jurisdiction (404 otherwise); unscoped for system callers.
   */
  async listForCase(petitionDocumentId: string): Promise<Array<ReturnType<typeof shown> & { path: string; thumbnailPath: string | null }>> {
    const petition = await findInScope<{ id: number }>(strapi, UID.petition, petitionDocumentId, { fields: ['id'] }, '信访事项不存在');
    const storage = privateStorage(strapi);
    const rows = await strapi.db.query(ATTACHMENT_UID).findMany({
      where: { petition: petition.id, ...CURRENT },
      orderBy: { id: 'asc' },
      populate: { uploadedBy: { select: ['username', 'fullName'] } },
    });
    return rows.map((r) => ({
      ...shown(r),
      path: storage.pathOf(r.fileKey),
      thumbnailPath: r.thumbKey ? storage.pathOf(r.thumbKey) : null,
    }));
  },

  /** What the case's records an attachment can belong to are, for the desk's "attach to" choice. */
  async ownersOfCase(petitionDocumentId: string): Promise<Owner[]> {
    const where = { petition: { documentId: petitionDocumentId } };
    const [sessions, visits, hearings] = await Promise.all([
      strapi.db.query(SESSION_UID).findMany({ where, orderBy: { heldAt: 'asc' }, select: ['documentId', 'heldAt', 'place'] }),
      strapi.db.query(VISIT_UID).findMany({ where, orderBy: { visitedAt: 'asc' }, select: ['documentId', 'visitedAt', 'channel'] }),
      strapi.db.query(HEARING_UID).findMany({ where, orderBy: { id: 'asc' }, select: ['documentId', 'title', 'start'] }),
    ]);
    const at = (d: Date | string | null | undefined) => (d ? formatDateTime(d) : '');
    return [
      { kind: 'petition', documentId: petitionDocumentId, label: OWNER_LABELS.petition },
      ...sessions.map((s) => ({
        kind: 'session' as const,
        documentId: s.documentId,
        label: `${OWNER_LABELS.session} ${at(s.heldAt)}${s.place ? ` ${s.place}` : ''}`,
      })),
      ...visits.map((v) => ({ kind: 'visit' as const, documentId: v.documentId, label: `${OWNER_LABELS.visit} ${at(v.visitedAt)}` })),
      ...hearings.map((h) => ({
        kind: 'hearing' as const,
        documentId: h.documentId,
        label: `${OWNER_LABELS.hearing} ${h.title ?? ''} ${at(h.start)}`.trim(),
      })),
    ];
  },

  /** The file (or an image's thumbnail) of an attachment in the caller's jurisdiction; 404 otherwise. */
  async read(documentId: unknown, which: 'file' | 'thumbnail') {
    const row = await findInScope<AttachmentRow>(strapi, ATTACHMENT_UID, documentId, {}, '附件不存在');
    const keys = await strapi.db.query(ATTACHMENT_UID).findOne({ where: { id: row.id }, select: ['fileKey', 'thumbKey'] });
    const key = which === 'file' ? keys?.fileKey : keys?.thumbKey;
    if (!key) throw new errors.NotFoundError(which === 'file' ? '附件不存在' : '该附件没有缩略图');
    const bytes = await privateStorage(strapi).read(key);
    return { row, bytes, mime: which === 'file' ? row.mime : 'image/jpeg', name: which === 'file' ? row.name : `缩略图-${row.name}.jpg` };
  },

  /** The petitioner page's upload limit, per phone (or query-code session) and per IP; 429 when reached. */
  async publicThrottle(accountKey: string, ip: string) {
    const verdict = await throttledAttempt(strapi, `p-upload:${accountKey}`, `p-upload-ip:${ip}`, LIMITS.publicRate);
    if (!verdict.allowed) {
      const minutes = Math.max(1, Math.ceil(verdict.retryAfter / 60));
      throw new errors.RateLimitError(
        verdict.kind === 'ip' ? lockedMessage('ip', verdict.retryAfter) : `上传次数过多，请 ${minutes} 分钟后再试`,
        { retryAfter: verdict.retryAfter },
      );
    }
    await verdict.settle('failed'); // every upload counts
  },
});

/** A replacement (替换): of a file the rules let change (409 otherwise), by exactly one file. */
function checkReplacement(petition: OwnerCase, old: AttachmentRow, uploads: Upload[]) {
  const refusal = changeRefusal(
    { caseState: petition.state, source: old.source, withdrawnAt: old.withdrawnAt, supersededBy: old.supersededBy },
    'replace',
  );
  if (refusal) throw conflict(refusal);
  if (uploads.length !== 1) throwIfInvalid([{ path: ['files'], message: '替换时请只选择一个文件' }], '附件有误');
}

/** The old version stays, superseded by the new one — unless a withdrawal or another replacement got there first (409). */
async function supersede(strapi: Core.Strapi, old: AttachmentRow, by: string) {
  const { count } = await strapi.db
    .query(ATTACHMENT_UID)
    .updateMany({ where: { id: old.id, ...CURRENT }, data: { supersededBy: by, supersededAt: new Date() } });
  if (!count) throw conflict('该附件已被撤回或替换，请刷新后再试');
}

/** A JPEG thumbnail of an image; an image that cannot be decoded is refused (400 naming the file). */
async function thumbnail(bytes: Buffer, path: (string | number)[], name: string): Promise<Buffer> {
  try {
    return await sharp(bytes, { failOn: 'error' })
      .rotate()
      .resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
  } catch {
    throwIfInvalid([{ path, message: `文件“${name || Number(path[1]) + 1}”无法作为图片读取（文件已损坏？）` }], '附件有误');
    throw new Error('unreachable');
  }
}
