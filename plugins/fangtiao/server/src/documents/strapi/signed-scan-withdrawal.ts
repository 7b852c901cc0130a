import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { conflict, forbidden, throwIfInvalid, type Caller } from '@fangtiao/kernel';
import { UID } from '../../constants';
import { reasonOf, signedScanRefusal } from '../../attachments/rules';

type Ref = { id: number } | null;
/** The document's columns this change reads, and its case with the three people who handle it. */
type ScanRow = {
  id: number;
  signedScanKey: string | null;
  signedScanMime: string | null;
  signedAt: string | null;
  earlierScans: Record<string, unknown>[] | null;
  petition: { id: number; state: string; assignedClerk: Ref; mediator: Ref; leader: Ref } | null;
};

/**
 * 撤回签署件: the signed scan of a document version that a newer version supersedes, withdrawn by
 * the case's handler with a reason (rule: `signedScanRefusal`). The scan is kept in
 * `earlierScans` with who, when and why, and the audit log has `withdraw-signed-scan`.
 */
export async function withdrawSignedScan(strapi: Core.Strapi, documentId: string, reasonInput: unknown, caller: Caller) {
  return strapi.db.transaction(async () => {
    // Scoped read first: 404 outside the jurisdiction.
    const doc = await strapi.documents(UID.generatedDocument).findOne({ documentId, fields: ['kind', 'version', 'subjectKey'] });
    if (!doc) throw new errors.NotFoundError('文书不存在');
    const row: ScanRow | null = await strapi.db.query(UID.generatedDocument).findOne({
      where: { id: doc.id },
      select: ['id', 'signedScanKey', 'signedScanMime', 'signedAt', 'earlierScans'],
      populate: {
        petition: {
          select: ['id', 'state'],
          populate: { assignedClerk: { select: ['id'] }, mediator: { select: ['id'] }, leader: { select: ['id'] } },
        },
      },
    });
    const p = row?.petition;
    if (!p || ![p.assignedClerk, p.mediator, p.leader].some((u) => u && u.id === caller.id))
      throw forbidden('只有承办本案的人员可以撤回签署件');
    const latest: { version: number } | null = await strapi.db
      .query(UID.generatedDocument)
      .findOne({ where: { subjectKey: doc.subjectKey, kind: doc.kind }, orderBy: { version: 'desc' }, select: ['version'] });
    const refusal = signedScanRefusal({
      caseState: p.state,
      hasScan: !!row.signedScanKey,
      superseded: (latest?.version ?? doc.version) > doc.version,
    });
    if (refusal) throw conflict(refusal);
    const reason = reasonOf(reasonInput);
    if (!reason.ok) throwIfInvalid([reason.error]);
    const text = (reason as { text: string }).text;
    const earlierScans = [
      ...(row.earlierScans ?? []),
      {
        key: row.signedScanKey,
        mime: row.signedScanMime,
        signedAt: row.signedAt,
        withdrawnAt: new Date().toISOString(),
        by: caller.id,
        reason: text,
      },
    ];
    await strapi.db
      .query(UID.generatedDocument)
      .update({ where: { id: row.id }, data: { signedScanKey: null, signedScanMime: null, signedAt: null, earlierScans } });
    await strapi.service('api::audit-entry.audit-entry').record({
      action: 'withdraw-signed-scan',
      targetUid: UID.generatedDocument,
      targetDocumentId: documentId,
      detail: { kind: doc.kind, version: doc.version, reason: text },
    });
    return { documentId, kind: doc.kind, version: doc.version, signedAt: null };
  });
}
