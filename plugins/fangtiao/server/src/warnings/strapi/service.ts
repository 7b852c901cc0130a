import type { Core } from '@strapi/strapi';
import crypto from 'crypto';
import { UID } from '../../constants';
import { sqlHelpers } from '../../jobs/strapi/sql';
import { NOTIFICATION_UID } from '../../notifications/strapi/schema';
import { asSystem } from '@fangtiao/kernel';
import {
  CLOSED_STATES,
  COLOUR_OWNERSHIP,
  DEFAULT_RULES,
  ORG_LEVELS,
  checkRule,
  escalationLevel,
  levelsAtOrAbove,
  visitReason,
  type RecipientSpec,
  type WarningRuleInput,
} from '../rules';
import { WARNING_UID } from './schema';
import { getService } from '../../utils/get-service';
import { dbNames } from '../../utils/db-names';
import warningHandling from './handling';

const W = WARNING_UID.warning;
const RULE = WARNING_UID.rule;

type ScanOptions = {
  now?: Date;
  petitionIds?: number[];
  kinds?: string[];
  /** Set once petitionIds were kept to the caller's scope. */ inScope?: boolean;
};
export type ScanResult = { raised: number; byRule: Record<string, number>; skipped: string[] };

/**
 * Early warnings. The scan is set-based: one INSERT … SELECT per rule over visits grouped by
 * petition (or petitions past their deadline, or failed mediations), guarded by the unique
 * trigger key — then the petition and rule links, recipients and inbox notifications of the
 * new rows, each again one statement per rule and recipient kind. No query per row.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Seeds the default rules once (by code); what administrators changed is kept. */
  async seedRules() {
    for (const r of DEFAULT_RULES) {
      const exists = await strapi.db.query(RULE).findOne({ where: { code: r.code }, select: ['id'] });
      if (!exists) await strapi.db.query(RULE).create({ data: { ...r, active: r.active ?? true, publishedAt: new Date() } });
    }
  },

  /** Unique trigger key and the batch indexes. Idempotent. */
  async indexes() {
    const s = sqlHelpers(strapi);
    const t = s.table(W);
    await strapi.db.connection.raw(
      `CREATE UNIQUE INDEX IF NOT EXISTS "ux_fangtiao_warnings_trigger" ON "${t}" ("${s.col(W, 'triggerKey')}")`,
    );
    await strapi.db.connection.raw(`CREATE INDEX IF NOT EXISTS "ix_fangtiao_warnings_batch" ON "${t}" ("${s.col(W, 'batch')}")`);
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS "ix_fangtiao_warnings_esc" ON "${t}" ("${s.col(W, 'state')}", "${s.col(W, 'dueAt')}")`,
    );
    const n = s.table(NOTIFICATION_UID);
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS "ix_fangtiao_notifications_user" ON "${n}" ("${s.col(NOTIFICATION_UID, 'userId')}", "created_at")`,
    );
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS "ix_fangtiao_notifications_batch" ON "${n}" ("${s.col(NOTIFICATION_UID, 'batch')}")`,
    );
    const v = s.link('api::visit.visit', 'petition');
    await strapi.db.connection.raw(`CREATE INDEX IF NOT EXISTS "ix_visits_petition_lnk_pv" ON "${v.name}" ("${v.to}", "${v.from}")`);
  },

  async activeRules(): Promise<(WarningRuleInput & { id: number })[]> {
    return strapi.db.query(RULE).findMany({ where: { active: true }, orderBy: { id: 'asc' } });
  },

  /** The SELECT of (pid, detail) rows for which a rule fires, or null when it cannot run here. */
  source(rule: WarningRuleInput, now: Date, petitionIds?: number[]): { sql: string; bindings: unknown[] } | null {
    const s = sqlHelpers(strapi);
    const P = 'api::petition.petition';
    const only = (c: string) => (petitionIds ? ` AND ${c} IN (${petitionIds.map(() => '?').join(',')})` : '');
    const ids = petitionIds ?? [];
    switch (rule.conditionKind) {
      case 'visit-count': {
        const V = 'api::visit.visit';
        const vl = s.link(V, 'petition');
        const levels = levelsAtOrAbove(rule.minLevel ?? 'county');
        return {
          sql:
            `SELECT l."${vl.to}" AS pid, CAST(? AS TEXT) AS detail FROM "${s.table(V)}" v ` +
            `JOIN "${vl.name}" l ON l."${vl.from}" = v.id JOIN "${s.table(P)}" p0 ON p0.id = l."${vl.to}" ` +
            `WHERE v."${s.col(V, 'level')}" IN (${levels.map(() => '?').join(',')}) ` +
            // A performance follow-up (履行督促) is not a petition: it never counts towards a warning.
            `AND (v."${s.col(V, 'purpose')}" IS NULL OR v."${s.col(V, 'purpose')}" <> 'performance') ` +
            // The visit that registered a 来访 petition is the first petition itself: the rule counts visits after it.
            `AND (v."${s.col(V, 'isIntake')}" IS NULL OR v."${s.col(V, 'isIntake')}" = FALSE) ` +
            `AND (p0."${s.col(P, 'registeredAt')}" IS NULL OR v."${s.col(V, 'visitedAt')}" >= p0."${s.col(P, 'registeredAt')}")${only(`l."${vl.to}"`)} ` +
            `GROUP BY l."${vl.to}" HAVING COUNT(*) >= ?`,
          bindings: [`visits>=${rule.minVisits}`, ...levels, ...ids, rule.minVisits ?? 2],
        };
      }
      case 'overdue': {
        const due = `p."${s.col(P, 'dueAt')}"`;
        return {
          sql:
            `SELECT p.id AS pid, 'due:' || ${s.msText(due)} AS detail FROM "${s.table(P)}" p ` +
            `WHERE ${due} < ? AND (p."${s.col(P, 'state')}" IS NULL OR p."${s.col(P, 'state')}" NOT IN (${CLOSED_STATES.map(() => '?').join(',')}))${only('p.id')}`,
          bindings: [s.dt(now), ...CLOSED_STATES, ...ids],
        };
      }
      case 'mediation-failed': {
        const M = 'api::petition-move.petition-move';
        if (!s.hasLink(M, 'petition')) return null;
        const ml = s.link(M, 'petition');
        return {
          sql:
            `SELECT ml."${ml.to}" AS pid, 'mediation-failed:' || CAST(m.id AS TEXT) AS detail FROM "${s.table(M)}" m ` +
            `JOIN "${ml.name}" ml ON ml."${ml.from}" = m.id WHERE m."${s.col(M, 'action')}" = ?${only(`ml."${ml.to}"`)}`,
          bindings: ['mediation_failure', ...ids],
        };
      }
      case 'hearing-outcome': {
        // Runs once a hearing model records its petition and outcome (see the README).
        const H = 'plugin::fangtiao.hearing';
        if (!strapi.db.metadata.has(H) || !s.hasLink(H, 'petition') || !dbNames(strapi, H).has('outcome')) return null;
        const hl = s.link(H, 'petition');
        const outcomes = rule.outcomes ?? [];
        if (!outcomes.length) return null;
        return {
          sql:
            `SELECT hl."${hl.to}" AS pid, 'hearing:' || CAST(h.id AS TEXT) AS detail FROM "${s.table(H)}" h JOIN "${hl.name}" hl ON hl."${hl.from}" = h.id ` +
            `WHERE h."${s.col(H, 'outcome')}" IN (${outcomes.map(() => '?').join(',')})${only(`hl."${hl.to}"`)}`,
          bindings: [...outcomes, ...ids],
        };
      }
    }
    return null;
  },

  /**
   * Runs every active rule (or those of `kinds`), set-based. Returns what was raised. Inside an
   * end user's request (a visit recorded, hearing minutes) it runs on `petitionIds` only, kept
   * to those the caller may see; the set-based SQL then runs unscoped on them (asSystem).
   */
  async scan(opts: ScanOptions = {}): Promise<ScanResult> {
    if (opts.petitionIds && !opts.inScope) {
      const visible = await strapi.db.query(UID.petition).findMany({ where: { id: { $in: opts.petitionIds } }, select: ['id'] });
      const petitionIds = visible.map((p) => p.id as number);
      if (!petitionIds.length) return { raised: 0, byRule: {}, skipped: [] };
      return asSystem('warning rules on petitions the caller may see', () => this.scan({ ...opts, petitionIds, inScope: true }));
    }
    const now = opts.now ?? new Date();
    const s = sqlHelpers(strapi);
    const P = 'api::petition.petition';
    const wt = s.table(W);
    const c = (a: string) => `"${s.col(W, a)}"`;
    const scanId = crypto.randomBytes(6).toString('hex');
    const result: ScanResult = { raised: 0, byRule: {}, skipped: [] };
    const rules = (await this.activeRules()).filter((r) => !opts.kinds || opts.kinds.includes(r.conditionKind));
    if (opts.petitionIds && !opts.petitionIds.length) return result;
    for (const rule of rules) {
      const src = this.source(rule, now, opts.petitionIds);
      if (!src) {
        result.skipped.push(rule.code);
        continue;
      }
      const batch = `${scanId}:${rule.code}`;
      const dueAt = new Date(now.getTime() + (rule.responseHours ?? 72) * 3600_000);
      const owner = COLOUR_OWNERSHIP[rule.colour]?.owner ?? 'county';
      const reason = rule.conditionKind === 'visit-count' ? visitReason(rule) : null;
      const po = s.link(P, 'organisation');
      const key = `CAST(? AS TEXT) || '|' || CAST(s.pid AS TEXT) || '|' || s.detail`;
      const reasonExpr =
        rule.conditionKind === 'overdue'
          ? `'办理期限已过仍未办结'`
          : rule.conditionKind === 'mediation-failed'
            ? `'人民调解未能达成协议，需依法分类处理'`
            : rule.conditionKind === 'hearing-outcome'
              ? `'听证结论：' || s.detail`
              : 'CAST(? AS TEXT)';
      const sql =
        `INSERT INTO "${wt}" (document_id, ${c('triggerKey')}, ${c('ruleCode')}, ${c('threshold')}, ${c('colour')}, ${c('state')}, ${c('reason')}, ${c('level')}, ` +
        `${c('raisedAt')}, ${c('dueAt')}, ${c('petitionRef')}, ${c('unitRef')}, ${c('batch')}, city_code, county_code, township_code, village_code, created_at, updated_at, published_at) ` +
        `SELECT ${s.docId}, ${key}, CAST(? AS TEXT), s.detail, CAST(? AS TEXT), 'raised', ${reasonExpr}, CAST(? AS TEXT), ?, ?, s.pid, po."${po.to}", CAST(? AS TEXT), ` +
        `p.city_code, p.county_code, p.township_code, p.village_code, ?, ?, ? ` +
        `FROM (${src.sql}) s JOIN "${s.table(P)}" p ON p.id = s.pid LEFT JOIN "${po.name}" po ON po."${po.from}" = p.id ` +
        `WHERE NOT EXISTS (SELECT 1 FROM "${wt}" w0 WHERE w0.${c('triggerKey')} = ${key}) ON CONFLICT DO NOTHING`;
      const bindings = [
        rule.code,
        rule.code,
        rule.colour,
        ...(reasonExpr === 'CAST(? AS TEXT)' ? [reason] : []),
        owner,
        s.dt(now),
        s.dt(dueAt),
        batch,
        s.dt(now),
        s.dt(now),
        s.dt(now),
        ...src.bindings,
        rule.code,
      ];
      // Bindings in textual order: the key, the SELECT's constants, the source (in FROM), the key again.
      await s.run(sql, bindings);
      const n = Number(s.rows(await s.run(`SELECT COUNT(*) AS n FROM "${wt}" WHERE ${c('batch')} = ?`, [batch]))[0]?.n ?? 0);
      result.byRule[rule.code] = n;
      result.raised += n;
      if (n) await this.afterRaise(batch, rule, now);
    }
    return result;
  },

  /** Links, recipients and notifications of one batch of new warnings — one statement each. */
  async afterRaise(batch: string, rule: WarningRuleInput & { id: number }, now: Date) {
    const s = sqlHelpers(strapi);
    const wt = s.table(W);
    const c = (a: string) => `"${s.col(W, a)}"`;
    const pl = s.link(W, 'petition');
    await s.run(`INSERT INTO "${pl.name}" ("${pl.from}", "${pl.to}") SELECT id, ${c('petitionRef')} FROM "${wt}" WHERE ${c('batch')} = ?`, [
      batch,
    ]);
    const rl = s.link(W, 'rule');
    await s.run(`INSERT INTO "${rl.name}" ("${rl.from}", "${rl.to}") SELECT id, ? FROM "${wt}" WHERE ${c('batch')} = ?`, [rule.id, batch]);
    for (const spec of (rule.recipients ?? []) as RecipientSpec[]) await this.addRecipients('batch', batch, spec);
    await this.notifyBatch('batch', batch, `${COLOUR_OWNERSHIP[rule.colour]?.name ?? '预警'}：`, now);
  },

  /** Adds users of spec.role at spec.level to every warning of a batch (set-based). */
  async addRecipients(
    batchColumn: 'batch' | 'escalationBatch',
    batch: string,
    spec: RecipientSpec,
    notify?: { prefix: string; now: Date },
  ) {
    const s = sqlHelpers(strapi);
    const wt = s.table(W);
    const c = (a: string) => `"${s.col(W, a)}"`;
    const O = UID.organisation;
    const U = 'plugin::users-permissions.user';
    const rl = s.link(W, 'recipients');
    const uo = s.link(U, 'organisation');
    const ur = s.link(U, 'role');
    const orgJoin =
      spec.level === 'unit'
        ? `o.id = w.${c('unitRef')}`
        : `o."${s.col(O, 'level')}" = CAST(? AS TEXT) AND o."${s.col(O, 'code')}" = w.${spec.level}_code`;
    const from =
      `FROM "${wt}" w JOIN "${s.table(O)}" o ON ${orgJoin} ` +
      `JOIN "${uo.name}" uo ON uo."${uo.to}" = o.id JOIN "${s.table(U)}" u ON u.id = uo."${uo.from}" ` +
      `JOIN "${ur.name}" ur ON ur."${ur.from}" = u.id JOIN "${s.table('plugin::users-permissions.role')}" r ON r.id = ur."${ur.to}" ` +
      `WHERE w.${c(batchColumn)} = ? AND r.type = ? AND (u.blocked IS NULL OR u.blocked = ?) ` +
      `AND NOT EXISTS (SELECT 1 FROM "${rl.name}" x WHERE x."${rl.from}" = w.id AND x."${rl.to}" = u.id)`;
    const b = [...(spec.level === 'unit' ? [] : [spec.level]), batch, spec.role, s.bool(false)];
    if (notify) await this.notifyFrom(`SELECT DISTINCT w.id AS wid, u.id AS uid ${from}`, b, notify.prefix, notify.now, batch);
    await s.run(`INSERT INTO "${rl.name}" ("${rl.from}", "${rl.to}") SELECT DISTINCT w.id, u.id ${from}`, b);
  },

  /** One inbox notification per recipient of every warning in a batch. */
  async notifyBatch(batchColumn: 'batch', batch: string, prefix: string, now: Date) {
    const s = sqlHelpers(strapi);
    const rl = s.link(W, 'recipients');
    const c = (a: string) => `"${s.col(W, a)}"`;
    await this.notifyFrom(
      `SELECT x."${rl.from}" AS wid, x."${rl.to}" AS uid FROM "${rl.name}" x JOIN "${s.table(W)}" w ON w.id = x."${rl.from}" WHERE w.${c(batchColumn)} = ?`,
      [batch],
      prefix,
      now,
      batch,
    );
  },

  async notifyFrom(pairs: string, bindings: unknown[], prefix: string, now: Date, batch: string) {
    const s = sqlHelpers(strapi);
    const N = NOTIFICATION_UID;
    const n = (a: string) => `"${s.col(N, a)}"`;
    const c = (a: string) => `"${s.col(W, a)}"`;
    const P = 'api::petition.petition';
    await s.run(
      `INSERT INTO "${s.table(N)}" (document_id, ${n('userId')}, ${n('kind')}, ${n('title')}, ${n('body')}, ${n('link')}, ${n('warningRef')}, ${n('batch')}, created_at, updated_at, published_at) ` +
        `SELECT ${s.docId}, q.uid, 'warning', CAST(? AS TEXT) || COALESCE(p."${s.col(P, 'referenceNo')}", '') || ' ' || COALESCE(p."${s.col(P, 'subject')}", ''), w.${c('reason')}, ` +
        `'/desk/#/warnings/' || w.document_id, w.id, CAST(? AS TEXT), ?, ?, ? ` +
        `FROM (${pairs}) q JOIN "${s.table(W)}" w ON w.id = q.wid LEFT JOIN "${s.table(P)}" p ON p.id = w.${c('petitionRef')}`,
      [prefix, batch, s.dt(now), s.dt(now), s.dt(now), ...bindings],
    );
    getService(strapi, 'notification').emailBatch(batch);
  },

  /**
   * Unacknowledged past the response time: escalate one level up (township → county → city),
   * adding that level's leaders and supervisors as recipients and notifying them. Set-based.
   */
  async escalate(now: Date = new Date()): Promise<number> {
    const s = sqlHelpers(strapi);
    const wt = s.table(W);
    const c = (a: string) => `"${s.col(W, a)}"`;
    const batch = `esc-${crypto.randomBytes(6).toString('hex')}`;
    const next = ORG_LEVELS.map((l) => `WHEN '${l}' THEN '${escalationLevel(l)}'`).join(' ');
    await s.run(
      `UPDATE "${wt}" SET ${c('escalatedAt')} = ?, ${c('escalatedTo')} = CASE ${c('level')} ${next} ELSE 'city' END, ${c('escalationBatch')} = ?, updated_at = ? ` +
        `WHERE ${c('state')} = 'raised' AND ${c('dueAt')} < ? AND ${c('escalatedAt')} IS NULL`,
      [s.dt(now), batch, s.dt(now), s.dt(now)],
    );
    const n = Number(s.rows(await s.run(`SELECT COUNT(*) AS n FROM "${wt}" WHERE ${c('escalationBatch')} = ?`, [batch]))[0]?.n ?? 0);
    if (!n) return 0;
    for (const level of ORG_LEVELS) {
      for (const role of ['leader', 'supervisor'] as const) {
        // Only the rows escalated to this level: narrow the batch by a second mark.
        const sub = `${batch}:${level}`;
        await s.run(`UPDATE "${wt}" SET ${c('escalationBatch')} = ? WHERE ${c('escalationBatch')} IN (?, ?) AND ${c('escalatedTo')} = ?`, [
          sub,
          batch,
          sub,
          level,
        ]);
        await this.addRecipients('escalationBatch', sub, { role, level }, { prefix: '预警升级：', now });
      }
    }
    return n;
  },

  /** Right after a visit is recorded: the visit-count rules on that one petition. */
  async afterVisit(petitionDocumentId: string) {
    const p = await strapi.db.query(UID.petition).findOne({ where: { documentId: petitionDocumentId }, select: ['id'] });
    if (!p) return { raised: 0, byRule: {}, skipped: [] };
    return this.scan({ petitionIds: [p.id], kinds: ['visit-count'] });
  },

  // ---- reading and moving warnings (content API): handling.ts ----
  ...warningHandling({ strapi }),

  checkRule,
});
