import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { shanghaiWeek } from '../availability';
import { rank, type Candidate } from '../matching';
import { SUGGESTIONS, conflictOf, escalationReason, type CaseParty, type ExpertLevel } from '../rules';
import { json } from '../../json';
import { getService } from '../../utils/get-service';
import { CONSULT, POOL, PROFILE, PUBLIC_EXPERT, type Input } from './common';
import { dbNames } from '../../utils/db-names';

/**
 * Matching (分级咨询): the candidates of a pool, their load and free time on the busy grid
 * shared with hearings, the ranking, and escalation from the county pool to the city's.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The busy grid shared with hearings (see ../../schedule). */
  grid() {
    return getService(strapi, 'schedule');
  },

  /** Profiles in the pools of `level` and `field` that serve the case's county (or city). */
  async candidates(level: ExpertLevel, field: string, scope: { cityCode: string | null; countyCode: string | null }, onlyExpert?: number) {
    const knex = strapi.db.connection;
    const pm = dbNames(strapi, POOL);
    const xm = dbNames(strapi, PROFILE);
    const pc = pm.column;
    const xc = xm.column;
    const jt = pm.joinTable('members')!;
    const area = level === 'county' ? { [`p.${pc('countyCode')}`]: scope.countyCode } : { [`p.${pc('cityCode')}`]: scope.cityCode };
    const query = knex
      .select({
        id: 'x.id',
        documentId: `x.${xc('documentId')}`,
        status: `x.${xc('status')}`,
        weeklyLimit: `x.${xc('weeklyLimit')}`,
        availability: `x.${xc('availability')}`,
        declarations: `x.${xc('declarations')}`,
      })
      .from({ p: pm.table })
      .join({ j: jt.name }, `j.${jt.joinColumn.name}`, 'p.id')
      .join({ x: xm.table }, 'x.id', `j.${jt.inverseJoinColumn.name}`)
      .where({ [`p.${pc('field')}`]: field, [`p.${pc('level')}`]: level, ...area });
    if (onlyExpert !== undefined) query.andWhere('x.id', onlyExpert);
    // An expert in two matching pools appears once.
    const seen = new Set<number>();
    return ((await query) as any[]).filter((r) => !seen.has(Number(r.id)) && !!seen.add(Number(r.id)));
  },

  /** Load: bookings holding time in the Shanghai week of `at`, per expert (one grouped scan of the unit index). */
  async weekLoad(expertIds: number[], at: number) {
    const load = new Map<number, number>();
    if (!expertIds.length) return load;
    const week = shanghaiWeek(at);
    return this.grid().ownersPerResource('e', expertIds.length <= 500 ? expertIds : null, week.start, week.end);
  },

  /** The grid units a few experts hold inside [from, to) (the unique index answers it). */
  async busyUnits(expertIds: number[], from: number, to: number) {
    const busy = new Map<number, Set<number>>();
    if (!expertIds.length) return busy;
    const held = await this.grid().busy(
      expertIds.map((id) => ({ kind: 'e' as const, id })),
      from,
      to,
    );
    for (const id of expertIds) busy.set(id, held.get(`e:${id}`) ?? new Set());
    return busy;
  },

  /**
   * Ranks one level's candidates for a consultation: conflicts checked on every candidate
   * (each is a recusal), then candidates in order of load are checked for a free slot in
   * batches, fetching busy units only for the batch, until enough are found.
   */
  async matchLevel(c: any, level: ExpertLevel, parties: CaseParty[], petitionDocumentId: string) {
    const rows = await this.candidates(level, c.field, c);
    const ws = Math.max(new Date(c.windowStart).getTime(), Date.now());
    const we = new Date(c.windowEnd).getTime();
    const load = await this.weekLoad(
      rows.map((r) => Number(r.id)),
      ws,
    );
    const recusals: { expert: number; reason: string }[] = [];
    const open = [];
    for (const r of rows) {
      const d = r.declarations;
      if (d != null && d !== '[]' && !(Array.isArray(d) && !d.length)) {
        const reason = conflictOf(json(d, []), { petition: petitionDocumentId, parties });
        if (reason) {
          recusals.push({ expert: Number(r.id), reason });
          continue;
        }
      }
      open.push(r);
    }
    open.sort((a, b) => (load.get(Number(a.id)) ?? 0) - (load.get(Number(b.id)) ?? 0) || Number(a.id) - Number(b.id));
    const req = { windowStart: ws, windowEnd: we, minutes: c.minutes ?? 60, petition: petitionDocumentId, parties };
    const suggestions = [];
    let unavailable = 0;
    for (let i = 0; i < open.length && suggestions.length < SUGGESTIONS; i += 25) {
      const batch = open.slice(i, i + 25);
      const busy = await this.busyUnits(
        batch.map((r) => Number(r.id)),
        ws,
        we,
      );
      const cands: Candidate[] = batch.map((r) => ({
        id: Number(r.id),
        status: r.status,
        weeklyLimit: r.weeklyLimit == null ? null : Number(r.weeklyLimit),
        load: load.get(Number(r.id)) ?? 0,
        availability: json(r.availability, null),
        declarations: [],
      }));
      const part = rank(cands, req, (id) => busy.get(id) ?? null, SUGGESTIONS - suggestions.length);
      suggestions.push(...part.suggestions);
      unavailable += part.unavailable;
    }
    return { suggestions, recusals, unavailable, pool: rows.length };
  },

  /** Public details of the suggested experts, in the ranking's order. */
  async describe(suggestions: { id: number; load: number; weeklyLimit: number | null; firstFree: number }[]) {
    if (!suggestions.length) return [];
    const rows = await strapi.db.query(PROFILE).findMany({
      where: { id: { $in: suggestions.map((s) => s.id) } },
      select: PUBLIC_EXPERT,
      populate: { organisation: { select: ['name'] } },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return suggestions.map((s) => {
      const r = byId.get(s.id) ?? {};
      return {
        ...Object.fromEntries(PUBLIC_EXPERT.map((k) => [k, r[k]])),
        organisation: r.organisation?.name ?? null,
        load: s.load,
        weeklyLimit: s.weeklyLimit,
        firstFree: new Date(s.firstFree).toISOString(),
      };
    });
  },

  /**
   * Suggestions for a consultation: its current level's pool; a county search that finds
   * nobody escalates to the city pool and the consultation records it. Each recusal is recorded.
   */
  async match(consultationId: number, opts: { allowEscalation: boolean } = { allowEscalation: true }) {
    const c = await strapi.db
      .query(CONSULT)
      .findOne({ where: { id: consultationId }, populate: { petition: { select: ['documentId', 'id'], populate: { parties: true } } } });
    const parties: CaseParty[] = (c.petition?.parties ?? []).map((p: any) => ({ name: p.name, idNumber: p.idNumber }));
    let level: ExpertLevel = c.level;
    let r = await this.matchLevel(c, level, parties, c.petition.documentId);
    const recusals = [...json<any[]>(c.recusals, [])];
    const record = (list: { expert: number; reason: string }[], lvl: ExpertLevel) => {
      for (const x of list)
        if (!recusals.some((y) => y.expert === x.expert))
          recusals.push({ expert: x.expert, reason: x.reason, level: lvl, at: new Date().toISOString() });
    };
    record(r.recusals, level);
    const data: Input = {};
    if (!r.suggestions.length && level === 'county' && opts.allowEscalation) {
      level = 'city';
      data.level = 'city';
      data.escalatedAt = new Date();
      data.escalationReason = escalationReason({ pool: r.pool, recused: r.recusals.length });
      r = await this.matchLevel(c, level, parties, c.petition.documentId);
      record(r.recusals, level);
      await strapi.service(UID.auditEntry).record({
        action: 'consultation-escalated',
        targetUid: UID.petition,
        targetDocumentId: c.petition.documentId,
        detail: { consultation: c.documentId, to: 'city', reason: data.escalationReason },
      });
    }
    if (recusals.length !== json<any[]>(c.recusals, []).length) data.recusals = recusals;
    if (Object.keys(data).length) await strapi.db.query(CONSULT).update({ where: { id: c.id }, data });
    return {
      level,
      suggestions: await this.describe(r.suggestions),
      recusals: recusals.length,
      escalated: level === 'city' && !!(data.escalatedAt ?? c.escalatedAt),
    };
  },
});
