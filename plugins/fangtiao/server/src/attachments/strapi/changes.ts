import type { Core } from '@strapi/strapi';
import { conflict, findInScope, forbidden, throwIfInvalid, type Caller } from '@fangtiao/kernel';
import { UID } from '../../constants';
import { changeRefusal, reasonOf } from '../rules';
import { ATTACHMENT_UID, CURRENT, dropUploads, shown, type AttachmentRow, type Upload } from './service';

const PEOPLE = { select: ['username', 'fullName'] };

type Ref = { id: number } | null;
/** The attachment's case, with the three people who handle it. */
type HandledCase = { id: number; documentId: string; state: string; assignedClerk: Ref; mediator: Ref; leader: Ref };

/**
 * Changes to attachments on the record (README "Attachments"): withdrawal (撤回) with a reason,
 * replacement by a new version (替换), a note on the person's own material (标注), and the
 * version list. Nothing is destroyed: a withdrawn or replaced file keeps its row and its bytes,
 * hidden from lists and the case file, and each change is an audit entry.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = (action: string, row: AttachmentRow, detail: Record<string, unknown>) =>
    strapi.service('api::audit-entry.audit-entry').record({
      action,
      targetUid: ATTACHMENT_UID,
      targetDocumentId: row.documentId,
      detail: { name: row.name, sha256: row.sha256, ...detail },
    });

  /** The attachment and its case, in the caller's jurisdiction (404 otherwise), and that the caller handles the case (403). */
  async function handled(documentId: unknown, caller: Caller) {
    const row = await findInScope<AttachmentRow>(strapi, ATTACHMENT_UID, documentId, {}, '附件不存在');
    const full: (AttachmentRow & { petition: HandledCase | null }) | null = await strapi.db.query(ATTACHMENT_UID).findOne({
      where: { id: row.id },
      populate: {
        petition: {
          select: ['id', 'documentId', 'state'],
          populate: { assignedClerk: { select: ['id'] }, mediator: { select: ['id'] }, leader: { select: ['id'] } },
        },
      },
    });
    const p = full?.petition;
    if (!p) throw forbidden('该附件不属于任何案件');
    if (![p.assignedClerk, p.mediator, p.leader].some((u) => u && u.id === caller.id))
      throw forbidden('只有承办本案的信访干部、调解员或包案领导可以撤回、替换或标注附件');
    return { row: full, petition: p };
  }

  /** The form field's value follows its file: a replaced id becomes the new one, a withdrawn id leaves. */
  async function followInForm(row: AttachmentRow, petitionDocumentId: string, next: string | null) {
    if (row.ownerKind !== 'form-field' || !row.field) return;
    const p = await strapi.documents(UID.petition).findOne({ documentId: petitionDocumentId, fields: ['formData'] });
    const formData = (p?.formData ?? {}) as Record<string, unknown>;
    const value = formData[row.field];
    const ids: string[] = (Array.isArray(value) ? value : value == null ? [] : [value]).map(String);
    if (!ids.includes(row.documentId)) return;
    const updated = ids.flatMap((x) => (x === row.documentId ? (next ? [next] : []) : [x]));
    const data: Record<string, unknown> = { formData: { ...formData, [row.field]: updated } };
    await strapi.documents(UID.petition).update({ documentId: petitionDocumentId, data });
  }

  return {
    /** 撤回: the case's handler withdraws a current desk file with a reason; 409 on a closed case or the person's own material. */
    async withdraw(documentId: unknown, reasonInput: unknown, caller: Caller) {
      return strapi.db.transaction(async () => {
        const { row, petition } = await handled(documentId, caller);
        const refusal = changeRefusal(
          { caseState: petition.state, source: row.source, withdrawnAt: row.withdrawnAt, supersededBy: row.supersededBy },
          'withdraw',
        );
        if (refusal) throw conflict(refusal);
        const reason = reasonOf(reasonInput);
        if (!reason.ok) throwIfInvalid([reason.error]);
        const text = (reason as { text: string }).text;
        // Conditional: of two withdrawals (or a withdrawal and a replacement) at once, one wins.
        const { count } = await strapi.db
          .query(ATTACHMENT_UID)
          .updateMany({ where: { id: row.id, ...CURRENT }, data: { withdrawnAt: new Date(), withdrawalReason: text } });
        if (!count) throw conflict('该附件已被撤回或替换，请刷新后再试');
        // updateMany writes columns only: the relation is set by a single-row update.
        await strapi.db.query(ATTACHMENT_UID).update({ where: { id: row.id }, data: { withdrawnBy: caller.id } });
        await followInForm(row, petition.documentId, null);
        await audit('withdraw-attachment', row, {
          reason: text,
          ownerKind: row.ownerKind,
          field: row.field ?? null,
          version: row.version ?? 1,
        });
        return shown(
          await strapi.db.query(ATTACHMENT_UID).findOne({ where: { id: row.id }, populate: { uploadedBy: PEOPLE, withdrawnBy: PEOPLE } }),
        );
      });
    },

    /** 替换: a new version of a current desk file, from the case's handler; the old one stays, superseded. */
    async replace(documentId: unknown, uploads: Upload[], caller: Caller) {
      const written: string[] = [];
      try {
        return await strapi.db.transaction(async () => {
          const { row, petition } = await handled(documentId, caller);
          const r = await strapi
            .plugin('fangtiao')
            .service('attachment')
            .upload(row.ownerKind, row.ownerDocumentId, row.field, uploads, { caller }, { replaces: row, written });
          const next = r.rows[0];
          await followInForm(row, petition.documentId, next.documentId);
          await audit('replace-attachment', row, {
            by: next.documentId,
            version: next.version,
            newName: next.name,
            newSha256: next.sha256,
          });
          return next;
        });
      } catch (e) {
        await strapi.plugin('fangtiao').service('attachment').discard(written); // no file without its row
        throw e;
      } finally {
        await dropUploads(uploads);
      }
    },

    /** 标注: a note on a file — the only change staff make to the person's own material. */
    async mark(documentId: unknown, noteInput: unknown, caller: Caller) {
      return strapi.db.transaction(async () => {
        const { row, petition } = await handled(documentId, caller);
        if (petition.state === 'closed') throw conflict('案件已结案归档，附件不能标注');
        if (row.withdrawnAt) throw conflict('该附件已撤回');
        const note = reasonOf(noteInput, 'note', '标注内容');
        if (!note.ok) throwIfInvalid([note.error]);
        const text = (note as { text: string }).text;
        await strapi.db
          .query(ATTACHMENT_UID)
          .update({ where: { id: row.id }, data: { markNote: text, markedAt: new Date(), markedBy: caller.id } });
        await audit('mark-attachment', row, { note: text, source: row.source });
        return shown(
          await strapi.db.query(ATTACHMENT_UID).findOne({ where: { id: row.id }, populate: { uploadedBy: PEOPLE, markedBy: PEOPLE } }),
        );
      });
    },

    /** Every version of a file, first to latest, withdrawn ones with who and why (case readers, in scope). */
    async versions(documentId: unknown) {
      const row = await findInScope<AttachmentRow>(strapi, ATTACHMENT_UID, documentId, {}, '附件不存在');
      const chain = row.chain ?? row.documentId;
      const rows = await strapi.db.query(ATTACHMENT_UID).findMany({
        where: { $or: [{ documentId: chain }, { chain }] },
        orderBy: [{ version: 'asc' }, { id: 'asc' }],
        populate: { uploadedBy: PEOPLE, withdrawnBy: PEOPLE, markedBy: PEOPLE },
      });
      return rows.map(shown);
    },
  };
};
