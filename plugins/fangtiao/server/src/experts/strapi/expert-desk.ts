import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { conflictOf } from '../rules';
import { json } from '../../json';
import { getService } from '../../utils/get-service';
import { BOOKING, CONSULT, POOL, notFound } from './common';

/**
 * The expert's own side of bookings: the desk of open requests of its pools it may take, its
 * bookings, and the consultation records it wrote. Taking a request books it (booking.ts).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The expert's desk: open requests of its pools it may take. */
  async desk(caller: Caller) {
    const p = await getService(strapi, 'expert-profiles').ownProfile(caller);
    const pools = await strapi.db
      .query(POOL)
      .findMany({ where: { members: { id: p.id } }, select: ['id', 'field', 'level', 'cityCode', 'countyCode'] });
    if (!pools.length) return [];
    const or = pools.map((pool) => ({
      field: pool.field,
      level: pool.level,
      ...(pool.level === 'county' ? { countyCode: pool.countyCode } : { cityCode: pool.cityCode }),
    }));
    const rows = await strapi.db.query(CONSULT).findMany({
      where: { state: 'open', windowEnd: { $gt: new Date() }, $or: or },
      select: [
        'documentId',
        'question',
        'field',
        'urgency',
        'mode',
        'windowStart',
        'windowEnd',
        'minutes',
        'level',
        'createdAt',
        'recusals',
      ],
      populate: { petition: { select: ['referenceNo', 'documentId'], populate: { parties: true } } },
      orderBy: [{ windowStart: 'asc' }, { id: 'asc' }],
      limit: 100,
    });
    const decl = json(p.declarations, []);
    return rows
      .filter((r) => !conflictOf(decl, { petition: r.petition?.documentId, parties: r.petition?.parties ?? [] }))
      .map((r) => ({
        documentId: r.documentId,
        question: r.question,
        field: r.field,
        urgency: r.urgency,
        mode: r.mode,
        windowStart: r.windowStart,
        windowEnd: r.windowEnd,
        minutes: r.minutes,
        level: r.level,
        caseReference: r.petition?.referenceNo ?? null,
      }));
  },

  /** The consultation record PDF of a booking, for the expert who wrote it (others download it from the case). */
  async recordFile(documentId: string, caller: Caller) {
    const b: any = await strapi.db.query(BOOKING).findOne({
      where: { documentId, expert: { user: { id: caller.id } } },
      select: ['id'],
      populate: {
        document: { select: ['documentId', 'kind', 'title', 'version', 'fileKey'], populate: { petition: { select: ['referenceNo'] } } },
      },
    });
    if (!b?.document?.fileKey) throw notFound('咨询记录不存在');
    const docs = getService(strapi, 'document');
    const bytes = await docs.fileBytes(b.document);
    await strapi.service('api::audit-entry.audit-entry').record({
      action: 'download-document',
      targetUid: 'plugin::fangtiao.generated-document',
      targetDocumentId: b.document.documentId,
      detail: { kind: b.document.kind, version: b.document.version, booking: documentId },
    });
    return { bytes, ...docs.fileName(b.document, b.document.petition?.referenceNo) };
  },

  /** The expert's own bookings. */
  async myBookings(caller: Caller) {
    const p = await getService(strapi, 'expert-profiles').ownProfile(caller);
    return strapi.db.query(BOOKING).findMany({
      where: { expert: { id: p.id } },
      select: ['documentId', 'start', 'end', 'state', 'mode', 'opinionAt'],
      populate: {
        consultation: { select: ['documentId', 'question', 'field', 'urgency', 'level'] },
        petition: { select: ['referenceNo'] },
      },
      orderBy: [{ start: 'asc' }],
      limit: 500,
    });
  },
});
