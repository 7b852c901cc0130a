import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { currentPeriod, previousPeriod } from '../slots';
import { sqlHelpers } from './sql';
import { CLOSED_STATES } from '../../warnings/rules';
import type { JobContext, JobDefinition } from './runner';
import { getService } from '../../utils/get-service';
import { compactPetitionCounts } from '@fangtiao/kernel';

/** Petition counts of a period by county, one grouped query: registered first petitions, concluded, still open, backlog. */
async function ledger(strapi: Core.Strapi, ctx: JobContext, from: Date, to: Date, prefix: string) {
  const s = sqlHelpers(strapi);
  const P = UID.petition;
  const c = (a: string) => `"${s.col(P, a)}"`;
  const rows = s.rows(
    await s.run(
      `SELECT county_code AS county, COUNT(*) AS registered, ` +
        `SUM(CASE WHEN ${c('concludedAt')} IS NOT NULL THEN 1 ELSE 0 END) AS concluded, ` +
        `SUM(CASE WHEN ${c('state')} NOT IN (${CLOSED_STATES.map(() => '?').join(',')}) THEN 1 ELSE 0 END) AS open, ` +
        `SUM(CASE WHEN ${c('isBacklog')} = ? THEN 1 ELSE 0 END) AS backlog ` +
        `FROM "${s.table(P)}" WHERE ${c('registeredAt')} >= ? AND ${c('registeredAt')} < ? AND (${c('isRepeat')} IS NULL OR ${c('isRepeat')} = ?) GROUP BY county_code`,
      [...CLOSED_STATES, s.bool(true), s.dt(from), s.dt(to), s.bool(false)],
    ),
  );
  for (const r of rows) {
    for (const k of ['registered', 'concluded', 'open', 'backlog']) {
      ctx.count(`${prefix}.${k}`, Number(r[k] ?? 0));
      ctx.count(`${prefix}.${r.county ?? 'none'}.${k}`, Number(r[k] ?? 0));
    }
  }
  await ctx.progress(1, 1);
}

/** A harmless job for the once-per-cluster test and for checking a deployment. */
const heartbeat = (): JobDefinition => ({
  name: 'heartbeat',
  label: '心跳（测试）',
  cron: process.env.FANGTIAO_JOB_TEST_CRON || null,
  async run(ctx) {
    const steps = Number(process.env.FANGTIAO_JOB_TEST_STEPS || 1);
    const from = Number(ctx.cursor?.step ?? 0);
    for (let i = from; i < steps; i += 1) {
      ctx.count('beats', 1);
      await ctx.saveCursor({ step: i + 1 });
      await ctx.progress(i + 1, steps);
      if (process.env.FANGTIAO_JOB_TEST_STEP_MS) await new Promise((r) => setTimeout(r, Number(process.env.FANGTIAO_JOB_TEST_STEP_MS)));
    }
  },
});

/** The list totals' counts (src/database/petition-counts.ts): the rows appended since the last fold, folded into one per key. */
const petitionCounts = (strapi: Core.Strapi): JobDefinition => ({
  name: 'petition-counts',
  label: '案件计数整理（每小时）',
  cron: '40 * * * *',
  async run(ctx) {
    ctx.count('folded', await compactPetitionCounts(strapi));
    await ctx.progress(1, 1);
  },
});

/** The scheduled jobs (node-cron, Asia/Shanghai). Each runs once per cluster (runner.ts). */
export function jobDefinitions(strapi: Core.Strapi): JobDefinition[] {
  const defs: JobDefinition[] = [
    {
      name: 'backlog-mark',
      label: '积案标记与包案（每日）',
      cron: '0 1 * * *',
      async run(ctx) {
        ctx.count('marked', await getService(strapi, 'backlog').markBacklog(ctx.now));
        await ctx.progress(1, 2);
        ctx.count('packages', await getService(strapi, 'backlog').ensurePackages(ctx.now));
        await ctx.progress(2, 2);
      },
    },
    {
      name: 'warning-scan',
      label: '预警扫描（每日）',
      cron: '0 2 * * *',
      async run(ctx) {
        const r = await getService(strapi, 'warning').scan({ now: ctx.now });
        ctx.count('raised', r.raised);
        for (const [k, n] of Object.entries(r.byRule)) ctx.count(`rule.${k}`, n as number);
        await ctx.progress(1, 2);
        ctx.count('escalated', await getService(strapi, 'warning').escalate(ctx.now));
        await ctx.progress(2, 2);
      },
    },
    {
      name: 'measure-aggregates',
      label: '考核指标月度汇总（每日）',
      // After midnight: the months and days up to today are counted once; today's events are read live.
      cron: '20 0 * * *',
      async run(ctx) {
        const r = await getService(strapi, 'measures').refreshAggregates(ctx.now);
        ctx.count('rows', r.rows);
        await ctx.progress(1, 1);
      },
    },
    {
      name: 'warning-escalate',
      label: '预警超时升级（每小时）',
      cron: '0 * * * *',
      async run(ctx) {
        ctx.count('escalated', await getService(strapi, 'warning').escalate(ctx.now));
        await ctx.progress(1, 1);
      },
    },
    petitionCounts(strapi),
    {
      name: 'first-petition-daily',
      label: '初信初访日日清',
      cron: '0 18 * * *',
      async run(ctx) {
        const { from, to } = currentPeriod(ctx.now, 'day');
        await ledger(strapi, ctx, from, to, 'day');
      },
    },
    {
      name: 'first-petition-weekly',
      label: '初信初访周周结',
      cron: '0 8 * * 1',
      async run(ctx) {
        const { from, to } = previousPeriod(ctx.now, 'week');
        await ledger(strapi, ctx, from, to, 'week');
      },
    },
    {
      name: 'first-petition-monthly',
      label: '初信初访月月审台账',
      cron: '0 8 1 * *',
      async run(ctx) {
        const { from, to } = previousPeriod(ctx.now, 'month');
        await ledger(strapi, ctx, from, to, 'month');
      },
    },
    {
      name: 'reminders',
      label: '会商、听证提醒',
      // Every ten minutes, so the 1-hour reminders go out in time; each booking is reminded once.
      cron: '*/10 * * * *',
      async run(ctx) {
        ctx.count('consultations', await getService(strapi, 'experts').sendDueReminders(ctx.now));
        ctx.count('hearings', await getService(strapi, 'hearing-notices').sendDueReminders(ctx.now));
        await ctx.progress(1, 1);
      },
    },
    {
      name: 'joint-consultations',
      label: '联席会商排期（市月度、县半月、乡周）',
      cron: '0 7 * * *',
      async run(ctx) {
        const counts = await getService(strapi, 'hearing-recurrence').generate(ctx.now, (done: number, total: number) =>
          ctx.progress(done, total),
        );
        for (const [k, v] of Object.entries(counts)) ctx.count(k, v as number);
        await ctx.progress(1, 1);
      },
    },
    {
      name: 'credit-expiry',
      label: '失信记录保存期满、查询记录清理、异议审查到期提醒',
      cron: '30 0 * * *',
      async run(ctx) {
        ctx.count('expired', await getService(strapi, 'credit').expireDue(ctx.now));
        // Query-log entries go only once their 10 years have ended (credit/query-log.ts).
        ctx.count('queryLogPurged', await getService(strapi, 'credit').purgeQueryLog(ctx.now));
        ctx.count('decisionReminders', await getService(strapi, 'credit').remindObjectionDecisions(ctx.now));
        await ctx.progress(1, 1);
      },
    },
    {
      name: 'judicial-confirmation-reminders',
      label: '司法确认申请期限提醒（每日）',
      // 08:00 Beijing: the mediator and clerk read it at the start of the working day.
      cron: '0 8 * * *',
      async run(ctx) {
        ctx.count('reminded', await getService(strapi, 'judicial').sendDueReminders(ctx.now));
        await ctx.progress(1, 1);
      },
    },
    {
      name: 'performance-follow-up',
      label: '调解协议履行回访（到期提醒调解员）',
      // 08:00 Beijing, with the other morning reminders; each agreed term is asked once.
      cron: '0 8 * * *',
      async run(ctx) {
        ctx.count('asked', await getService(strapi, 'performance').askDue(ctx.now));
        await ctx.progress(1, 1);
      },
    },
    {
      name: 'deadline-reminders',
      label: '办理期限临近提醒（3日内）',
      cron: '0 8 * * *',
      async run(ctx) {
        ctx.count('notified', await getService(strapi, 'notification').remindDeadlines(ctx.now));
        await ctx.progress(1, 1);
      },
    },
    {
      name: 'notification-digest',
      label: '通知每日邮件汇总',
      cron: '0 18 * * *',
      async run(ctx) {
        ctx.count('digests', await getService(strapi, 'notification').sendDigests(ctx.now));
        await ctx.progress(1, 1);
      },
    },
  ];
  return [...defs, heartbeat()];
}
