import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import crypto from 'crypto';
import { UID } from '../../constants';
import { sqlHelpers } from '../../jobs/strapi/sql';
import { throwIfInvalid, type FieldError } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { userInScope } from '@fangtiao/kernel';
import { scopeFilter, type Level } from '@fangtiao/kernel/pure';
import { CLOSED_STATES } from '../../warnings/rules';
import { DEFAULT_STALE_DAYS, fiveOnes, listOf } from '../rules';
import { BACKLOG_UID } from './schema';
import { conflict, forbidden } from '@fangtiao/kernel';
import { pageOf, paginationMeta } from '../../pagination';
import { stripping } from '../../utils/records';
import { handover, tenures } from './handover';

const PKG = BACKLOG_UID.package;
const PERSON = () => ({ fields: ['username', 'fullName'] });
const strip = stripping(['petitionRef', 'batch']);
const PKG_POPULATE = () => ({
  petition: { fields: ['referenceNo', 'subject', 'state', 'isBacklog'], populate: { organisation: { fields: ['name', 'code'] } } },
  leader: PERSON(),
  caseFile: { fields: ['name', 'mime', 'size'] },
});
const person = (u: any) => (u ? u.fullName || u.username : '');

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
    const petition: any = await strapi.documents(UID.petition).findOne({
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

  // ---- departure handover (handover.ts) ----

  tenures: (query: Record<string, any>) => tenures(strapi, query),
  handover: (leaderRef: string, input: Record<string, any>, caller: Caller) => handover(strapi, leaderRef, input, caller),
});
