import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import crypto from 'crypto';
import { UID } from '../../constants';
import { sqlHelpers } from '../../jobs/strapi/sql';
import { throwIfInvalid, type FieldError } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { userInScope } from '@fangtiao/kernel';
import { scopeFilter, type Level } from '@fangtiao/kernel/pure';
import { shanghaiDate } from '@fangtiao/kernel/pure';
import { CLOSED_STATES } from '../../warnings/rules';
import { DEFAULT_STALE_DAYS, NEW_BACKLOG_EXPLANATION_THRESHOLD, fiveOnes, handoverLists, listOf } from '../rules';
import { BACKLOG_UID } from './schema';
import { conflict, forbidden } from '@fangtiao/kernel';
import { pageOf, paginationMeta } from '../../pagination';
import { stripping } from '../../utils/records';
import { getService } from '../../utils/get-service';

const PKG = BACKLOG_UID.package;
const USER = 'plugin::users-permissions.user';
const TENURE = BACKLOG_UID.tenure;
const PERSON = () => ({ fields: ['username', 'fullName'] });
const strip = stripping(['petitionRef', 'batch']);
const PKG_POPULATE = () => ({
  petition: { fields: ['referenceNo', 'subject', 'state', 'isBacklog'], populate: { organisation: { fields: ['name', 'code'] } } },
  leader: PERSON(),
  caseFile: { fields: ['name', 'mime', 'size'] },
});
const person = (u: any) => (u ? u.fullName || u.username : '');

/** Gives each package (and its case) to the successor, noting the change in its leader history. */
async function handPackages(strapi: Core.Strapi, packages: any[], move: { from: number; to: number; at: Date; by: number }) {
  for (const p of packages) {
    const full = await strapi.db.query(PKG).findOne({ where: { id: p.id }, select: ['leaderHistory'] });
    const entry = { at: move.at.toISOString(), from: move.from, to: move.to, reason: '离任交接', by: move.by };
    await strapi
      .documents(PKG)
      .update({ documentId: p.documentId, data: { leader: move.to, leaderHistory: [...(full?.leaderHistory ?? []), entry] } as any });
    if (p.petition?.documentId)
      await strapi.documents(UID.petition).update({ documentId: p.petition.documentId, data: { leader: move.to } as any });
  }
}

/**
 * Backlog packages and the departure handover. Marking and package creation for the daily
 * job are set-based statements; everything an official does goes through the document
 * service (jurisdiction, audit).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async indexes() {
    const s = sqlHelpers(strapi);
    await strapi.db.connection.raw(
      `CREATE UNIQUE INDEX IF NOT EXISTS "ux_fangtiao_backlog_packages_petition" ON "${s.table(PKG)}" ("${s.col(PKG, 'petitionRef')}")`,
    );
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS "ix_fangtiao_backlog_packages_batch" ON "${s.table(PKG)}" ("${s.col(PKG, 'batch')}")`,
    );
  },

  /** Marks every open petition past its deadline as backlog (积案), in one statement. Returns the count. */
  async markBacklog(now = new Date()): Promise<number> {
    const s = sqlHelpers(strapi);
    const P = UID.petition;
    const t = s.table(P);
    const b = `"${s.col(P, 'isBacklog')}"`;
    const where =
      `"${s.col(P, 'dueAt')}" < ? AND ("${s.col(P, 'state')}" IS NULL OR "${s.col(P, 'state')}" NOT IN (${CLOSED_STATES.map(() => '?').join(',')})) ` +
      `AND (${b} IS NULL OR ${b} = ?)`;
    const binds = [s.dt(now), ...CLOSED_STATES, s.bool(false)];
    const n = Number(s.rows(await s.run(`SELECT COUNT(*) AS n FROM "${t}" WHERE ${where}`, binds))[0]?.n ?? 0);
    if (n) await s.run(`UPDATE "${t}" SET ${b} = ?, updated_at = ? WHERE ${where}`, [s.bool(true), s.dt(now), ...binds]);
    return n;
  },

  /** Opens a package on every backlog case without one (leader = the case's leader), set-based. Returns the count. */
  async ensurePackages(now = new Date()): Promise<number> {
    const s = sqlHelpers(strapi);
    const P = UID.petition;
    const kt = s.table(PKG);
    const k = (a: string) => `"${s.col(PKG, a)}"`;
    const batch = `pkg-${crypto.randomBytes(6).toString('hex')}`;
    await s.run(
      `INSERT INTO "${kt}" (document_id, ${k('petitionRef')}, ${k('state')}, ${k('openedAt')}, ${k('batch')}, ${k('progress')}, ${k('leaderHistory')}, city_code, county_code, township_code, village_code, created_at, updated_at, published_at) ` +
        `SELECT ${s.docId}, p.id, 'open', ?, CAST(? AS TEXT), '[]', '[]', p.city_code, p.county_code, p.township_code, p.village_code, ?, ?, ? FROM "${s.table(P)}" p ` +
        `WHERE p."${s.col(P, 'isBacklog')}" = ? AND NOT EXISTS (SELECT 1 FROM "${kt}" x WHERE x.${k('petitionRef')} = p.id) ON CONFLICT DO NOTHING`,
      [s.dt(now), batch, s.dt(now), s.dt(now), s.dt(now), s.bool(true)],
    );
    const n = Number(s.rows(await s.run(`SELECT COUNT(*) AS n FROM "${kt}" WHERE ${k('batch')} = ?`, [batch]))[0]?.n ?? 0);
    if (!n) return 0;
    const pl = s.link(PKG, 'petition');
    await s.run(`INSERT INTO "${pl.name}" ("${pl.from}", "${pl.to}") SELECT id, ${k('petitionRef')} FROM "${kt}" WHERE ${k('batch')} = ?`, [
      batch,
    ]);
    const ll = s.link(PKG, 'leader');
    const pll = s.link(P, 'leader');
    await s.run(
      `INSERT INTO "${ll.name}" ("${ll.from}", "${ll.to}") SELECT x.id, l."${pll.to}" FROM "${kt}" x JOIN "${pll.name}" l ON l."${pll.from}" = x.${k('petitionRef')} WHERE x.${k('batch')} = ?`,
      [batch],
    );
    return n;
  },

  async list(query: Record<string, any>) {
    const filters: Record<string, any> = {};
    if (query.state) filters.state = { $in: String(query.state).split(',') };
    if (query.leader) filters.leader = { id: Number(query.leader) };
    if (query.petition) filters.petition = { documentId: String(query.petition) };
    const page = pageOf(query);
    const [results, total] = await Promise.all([
      strapi
        .documents(PKG)
        .findMany({ filters, populate: PKG_POPULATE(), sort: ['openedAt:desc', 'id:desc'], start: page.start, limit: page.limit }),
      strapi.documents(PKG).count({ filters }),
    ]);
    return { results: results.map((p: any) => ({ ...strip(p), fiveOnes: fiveOnes(p) })), pagination: paginationMeta(page, total) };
  },

  async load(documentId: string) {
    const p: any = await strapi.documents(PKG).findOne({ documentId, populate: PKG_POPULATE() });
    if (!p) throw new errors.NotFoundError('包案记录不存在');
    return p;
  },

  async get(documentId: string) {
    const p = strip(await this.load(documentId));
    return { ...p, fiveOnes: fiveOnes(p) };
  },

  /** Checks the editable fields; resolves a leader inside the jurisdiction. */
  async fields(input: Record<string, any>, caller: Caller, petitionDocumentId?: string) {
    const problems: FieldError[] = [];
    const set: Record<string, any> = {};
    for (const f of ['workTeam', 'plan', 'caseFileDocuments'] as const) if (input[f] !== undefined) set[f] = input[f];
    if (input.workTeam !== undefined && typeof input.workTeam !== 'string')
      problems.push({ path: ['workTeam'], message: '工作专班应为文字' });
    if (input.plan !== undefined && typeof input.plan !== 'string') problems.push({ path: ['plan'], message: '化解方案应为文字' });
    if (input.caseFileDocuments !== undefined) {
      const ids = input.caseFileDocuments;
      if (!Array.isArray(ids) || ids.length > 100 || ids.some((x: unknown) => typeof x !== 'string' || !x))
        problems.push({ path: ['caseFileDocuments'], message: '案件卷宗应为本案已出具文书的列表' });
      else if (petitionDocumentId !== undefined) {
        // Only documents issued on this very case (in the caller's jurisdiction) make its file.
        const found = ids.length
          ? await strapi
              .documents(UID.generatedDocument)
              .findMany({ filters: { documentId: { $in: ids }, petition: { documentId: petitionDocumentId } }, fields: ['documentId'] })
          : [];
        if (found.length !== new Set(ids).size) problems.push({ path: ['caseFileDocuments'], message: '案件卷宗只能选择本案已出具的文书' });
      }
    }
    if (input.targetDate !== undefined) {
      if (input.targetDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(input.targetDate)))
        problems.push({ path: ['targetDate'], message: '化解时限应为日期 YYYY-MM-DD' });
      else set.targetDate = input.targetDate;
    }
    if (input.leader !== undefined) {
      const leader = await userInScope(strapi, caller.jurisdiction, input.leader, 'leader');
      if (!leader) problems.push({ path: ['leader'], message: '包案领导不存在或不在管辖范围内' });
      else set.leader = leader.id;
    }
    throwIfInvalid(problems);
    return set;
  },

  /** A clerk or leader opens the package on a backlog case (one per case). */
  async create(input: Record<string, any>, caller: Caller) {
    const petition: any = await strapi
      .documents(UID.petition)
      .findOne({
        documentId: String(input.petition ?? ''),
        fields: ['isBacklog', 'referenceNo'],
        populate: { leader: { fields: ['id'] } },
      });
    if (!petition) throwIfInvalid([{ path: ['petition'], message: '信访事项不存在或不在管辖范围内' }]);
    if (!petition.isBacklog) throwIfInvalid([{ path: ['petition'], message: '只有信访积案才建立包案' }]);
    const set = await this.fields(input, caller, petition.documentId);
    return strapi.db.transaction(async () => {
      const exists = await strapi.db.query(PKG).findOne({ where: { petitionRef: petition.id }, select: ['documentId'] });
      if (exists) throw conflict('该积案已有包案记录');
      const now = new Date();
      const created = await strapi.documents(PKG).create({
        data: {
          petition: petition.documentId,
          petitionRef: petition.id,
          state: 'open',
          openedAt: now,
          leader: set.leader ?? petition.leader?.id ?? null,
          progress: [],
          leaderHistory: [],
          ...set,
        },
      });
      return this.get(created.documentId);
    });
  },

  async update(documentId: string, input: Record<string, any>, caller: Caller) {
    const p = await this.load(documentId);
    if (p.state !== 'open') throw conflict('包案已化解，不能修改');
    const set = await this.fields(input, caller, p.petition?.documentId ?? '');
    if (set.leader && set.leader !== p.leader?.id) {
      set.leaderHistory = [
        ...(p.leaderHistory ?? []),
        { at: new Date().toISOString(), from: p.leader?.id ?? null, to: set.leader, reason: input.reason ?? '调整包案领导', by: caller.id },
      ];
    }
    await strapi.documents(PKG).update({ documentId, data: set });
    return this.get(documentId);
  },

  /** A progress update: who, when, what. */
  async addProgress(documentId: string, input: Record<string, any>, caller: Caller) {
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (!text) throwIfInvalid([{ path: ['text'], message: '请填写工作进展' }]);
    return strapi.db.transaction(async () => {
      const p = await this.load(documentId);
      if (p.state !== 'open') throw conflict('包案已化解');
      const now = new Date();
      const progress = [...(p.progress ?? []), { at: now.toISOString(), by: caller.id, byName: caller.username, role: caller.role, text }];
      await strapi.documents(PKG).update({ documentId, data: { progress, lastProgressAt: now } as any });
      return this.get(documentId);
    });
  },

  /** The leader who owns it (or a clerk) records it resolved (化解). */
  async resolve(documentId: string, input: Record<string, any>, caller: Caller) {
    const resolution = typeof input.resolution === 'string' ? input.resolution.trim() : '';
    if (!resolution) throwIfInvalid([{ path: ['resolution'], message: '请填写化解情况' }]);
    return strapi.db.transaction(async () => {
      const p = await this.load(documentId);
      if (p.state !== 'open') throw conflict('包案已化解');
      if (caller.role === 'leader' && p.leader?.id !== caller.id) throw forbidden('只有包案领导本人可以确认化解');
      const now = new Date();
      await strapi
        .documents(PKG)
        .update({ documentId, data: { state: 'resolved', resolvedAt: now, resolution, lastProgressAt: now } as any });
      return this.get(documentId);
    });
  },

  /** Resolves an organisation inside the caller's jurisdiction (documentId or code), default the caller's own. */
  async organisationInScope(ref: unknown, caller: Caller) {
    const j = caller.jurisdiction!;
    const where: Record<string, any> = ref ? { $or: [{ documentId: String(ref) }, { code: String(ref) }] } : { id: j.organisationId };
    const org = await strapi.db
      .query(UID.organisation)
      .findOne({ where: { ...where, ...scopeFilter(j) }, select: ['id', 'documentId', 'name', 'code', 'level'] });
    if (!org) throw new errors.NotFoundError('组织机构不存在或不在管辖范围内');
    return org;
  },

  /** 督查: counts and the red and black lists of one organisation's backlog packages. */
  async supervision(query: Record<string, any>, caller: Caller) {
    const org = await this.organisationInScope(query.organisation, caller);
    const staleDays = Math.max(Number(query.staleDays) || DEFAULT_STALE_DAYS, 1);
    const now = new Date();
    const rows = await strapi.db.query(PKG).findMany({
      where: scopeFilter({ level: org.level as Level, code: org.code }),
      select: ['documentId', 'state', 'openedAt', 'resolvedAt', 'targetDate', 'lastProgressAt', 'workTeam', 'plan'],
      populate: { petition: { select: ['documentId', 'referenceNo', 'subject'] }, leader: { select: ['id', 'username', 'fullName'] } },
      orderBy: { id: 'asc' },
    });
    const red = [];
    const black = [];
    let incomplete = 0;
    for (const r of rows) {
      const which = listOf(r, now, staleDays);
      const f = fiveOnes(r);
      if (r.state === 'open' && f.missing.length) incomplete += 1;
      const item = {
        documentId: r.documentId,
        petition: r.petition,
        leader: r.leader ? { id: r.leader.id, name: person(r.leader) } : null,
        state: r.state,
        targetDate: r.targetDate,
        lastProgressAt: r.lastProgressAt,
        resolvedAt: r.resolvedAt,
        missing: f.missing,
      };
      if (which === 'red') red.push(item);
      if (which === 'black')
        black.push({ ...item, why: r.targetDate && new Date(`${r.targetDate}T23:59:59+08:00`) < now ? 'overdue' : 'no-progress' });
    }
    return {
      organisation: { documentId: org.documentId, name: org.name, code: org.code, level: org.level },
      staleDays,
      counts: {
        total: rows.length,
        open: rows.filter((r) => r.state === 'open').length,
        resolved: rows.filter((r) => r.state === 'resolved').length,
        incomplete,
        red: red.length,
        black: black.length,
      },
      red,
      black,
    };
  },

  // ---- departure handover ----

  async tenures(query: Record<string, any>) {
    const filters: Record<string, any> = {};
    if (query.leader) filters.leader = { id: Number(query.leader) };
    return (
      await strapi.documents(TENURE).findMany({
        filters,
        populate: {
          leader: PERSON(),
          successor: PERSON(),
          organisation: { fields: ['name', 'code'] },
          handoverDocument: { fields: ['kind', 'title', 'version', 'verificationCode', 'issuedAt'] },
        },
        sort: ['arrivedAt:desc', 'id:desc'],
        limit: 100,
      })
    ).map(strip);
  },

  /** The leader's open tenure, or one opened from the account's creation when none was recorded. */
  async openTenure(leader: any, org: any) {
    const t = await strapi.db
      .query(TENURE)
      .findOne({ where: { leader: { id: leader.id }, leftAt: { $null: true } }, orderBy: { arrivedAt: 'desc' } });
    if (t) return t;
    const u = await strapi.db.query(USER).findOne({ where: { id: leader.id }, select: ['createdAt'] });
    const created = await strapi
      .documents(TENURE)
      .create({ data: { leader: leader.id, organisation: org.documentId, arrivedAt: u?.createdAt ?? new Date() } });
    return strapi.db.query(TENURE).findOne({ where: { documentId: created.documentId } });
  },

  /**
   * 离任交接: builds the sheet from the package history of the leader's organisation (backlog
   * at arrival, at departure, the new ones), issues the handover-sheet PDF, closes the tenure,
   * opens the successor's, and hands the leader's open packages (and their cases) to the
   * successor — in one transaction.
   */
  async handover(leaderRef: string, input: Record<string, any>, caller: Caller) {
    const leader: any = await userInScope(strapi, caller.jurisdiction, leaderRef, 'leader');
    if (!leader) throw new errors.NotFoundError('包案领导不存在或不在管辖范围内');
    const successor = await userInScope(strapi, caller.jurisdiction, input.successor, 'leader');
    const problems: FieldError[] = [];
    if (!successor) problems.push({ path: ['successor'], message: '接任领导不存在或不在管辖范围内' });
    else if (successor.id === leader.id) problems.push({ path: ['successor'], message: '接任领导不能是离任领导本人' });
    if (input.date !== undefined && Number.isNaN(Date.parse(String(input.date))))
      problems.push({ path: ['date'], message: '离任时间格式不正确' });
    throwIfInvalid(problems);
    const leftAt = input.date ? new Date(String(input.date)) : new Date();
    const lu = await strapi.db
      .query(USER)
      .findOne({ where: { id: leader.id }, populate: { organisation: { select: ['id', 'documentId', 'name', 'code', 'level'] } } });
    const org = lu?.organisation;
    if (!org) throw conflict('离任领导未关联组织机构');

    return strapi.db.transaction(async () => {
      const tenure = await this.openTenure(leader, org);
      const arrivedAt = new Date(tenure.arrivedAt);
      const packages = await strapi.db.query(PKG).findMany({
        where: scopeFilter({ level: org.level as Level, code: org.code }),
        select: ['id', 'documentId', 'state', 'openedAt', 'resolvedAt'],
        populate: {
          petition: { select: ['id', 'documentId', 'referenceNo', 'subject', 'state'], populate: { organisation: { select: ['name'] } } },
          leader: { select: ['id'] },
        },
        orderBy: { openedAt: 'asc' },
      });
      const withRef = packages.map((p) => ({ ...p, reference: p.petition?.referenceNo ?? p.documentId }));
      const { atArrival, atDeparture, fresh } = handoverLists(withRef, arrivedAt, leftAt);
      const asCase = (p: any) => ({
        reference: p.reference,
        subject: p.petition?.subject ?? '',
        responsibleUnit: p.petition?.organisation?.name ?? '',
        status: p.state === 'open' ? '未化解' : '已化解',
      });
      const sheet = {
        unit: org.name,
        date: shanghaiDate(leftAt),
        departingLeader: person(leader),
        post: input.post || tenure.post || undefined,
        successor: person(successor),
        arrivalDate: shanghaiDate(arrivedAt),
        backlogAtArrival: atArrival.map(asCase),
        departureDate: shanghaiDate(leftAt),
        backlogAtDeparture: atDeparture.map(asCase),
        newCount: fresh.length,
        remarks: input.remarks || `未化解积案${atDeparture.length}件移交接任领导${person(successor)}继续化解。`,
        newBacklogExplanation: input.explanation || undefined,
        level: org.level === 'city' ? '市' : org.level === 'county' ? '县' : '市',
      };
      if (fresh.length >= NEW_BACKLOG_EXPLANATION_THRESHOLD && !sheet.newBacklogExplanation) {
        sheet.remarks += `新增积案${fresh.length}件，须作出书面说明。`;
      }
      const doc = await getService(strapi, 'document').issue({
        kind: 'handover-sheet',
        input: sheet,
        subjectKey: `handover:${tenure.documentId}`,
        organisation: org.documentId,
        userId: caller.id,
        issuedAt: leftAt,
        options: { organisationName: org.name },
      });
      // Hand the open packages this leader owns (and their cases) to the successor.
      const mine = packages.filter((p) => p.state === 'open' && p.leader?.id === leader.id);
      await handPackages(strapi, mine, { from: leader.id, to: successor.id, at: leftAt, by: caller.id });
      await strapi.documents(TENURE).update({
        documentId: tenure.documentId,
        data: {
          leftAt,
          successor: successor.id,
          handoverDocument: doc.documentId,
          sheet: { ...sheet, handedOver: mine.map((p) => p.reference) },
        } as any,
      });
      const succOpen = await strapi.db
        .query(TENURE)
        .findOne({ where: { leader: { id: successor.id }, leftAt: { $null: true } }, select: ['id'] });
      if (!succOpen)
        await strapi.documents(TENURE).create({ data: { leader: successor.id, organisation: org.documentId, arrivedAt: leftAt } });
      await getService(strapi, 'notification').notify([successor.id], {
        kind: 'handover',
        title: `离任交接：接收${person(leader)}移交的信访积案${mine.length}件`,
        body: `${org.name}：到任时积案${atArrival.length}件，离任时${atDeparture.length}件，其中新增${fresh.length}件。`,
        link: `/api/documents/${doc.documentId}/download`,
      });
      return {
        tenure: tenure.documentId,
        document: { documentId: doc.documentId, kind: doc.kind, version: doc.version, verificationCode: doc.verificationCode },
        counts: { atArrival: atArrival.length, atDeparture: atDeparture.length, new: fresh.length, handedOver: mine.length },
        sheet,
      };
    });
  },
});
