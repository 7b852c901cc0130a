import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type ExcelJSType from 'exceljs';
import { CHANNEL_LABELS, STATES, scopeFilter, shanghaiStamp, type Level } from '@fangtiao/kernel/pure';
import { UID } from '../../constants';
import { CLOSED_STATES } from '../../warnings/rules';
import { CADENCES, isCadence, ledgerPeriod, type Cadence } from '../ledgers';
import type { MeasureScope } from './service';

const ROW_LIMIT = 5000;
const fmt = (d: unknown) => (d ? shanghaiStamp(d as string) : '');

const COLUMNS = [
  { header: '信访编号', key: 'referenceNo', width: 22 },
  { header: '事项摘要', key: 'subject', width: 32 },
  { header: '渠道', key: 'channelLabel', width: 8 },
  { header: '责任单位', key: 'unit', width: 16 },
  { header: '登记时间', key: 'registeredAt', width: 18 },
  { header: '状态', key: 'stateLabel', width: 14 },
  { header: '办理期限', key: 'dueAt', width: 18 },
  { header: '办结时间', key: 'concludedAt', width: 18 },
  { header: '积案', key: 'backlogLabel', width: 6 },
];

/**
 * The first-petition ledgers (初信初访 日日清、周周结、月月审) as rows: the first petitions
 * (not repeats) registered in the period, with the counts the scheduled jobs record. Read
 * through the document service, so an end user's request is held to its jurisdiction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(opts: { cadence: unknown; period?: unknown; scope: MeasureScope; narrow?: boolean; now?: Date }) {
    const problems: { path: string[]; message: string }[] = [];
    if (!isCadence(opts.cadence)) problems.push({ path: ['cadence'], message: '台账应为 day（日日清）、week（周周结）或 month（月月审）' });
    const cadence = opts.cadence as Cadence;
    const key = typeof opts.period === 'string' && opts.period ? opts.period : undefined;
    const p = problems.length ? null : ledgerPeriod(cadence, key, opts.now ?? new Date());
    if (!problems.length && !p)
      problems.push({
        path: ['period'],
        message: cadence === 'day' ? '日期格式应为 2026-12-04' : cadence === 'week' ? '周的格式应为 2026-W49' : '月份格式应为 2026-12',
      });
    if (problems.length) throw new errors.ValidationError(problems[0].message, { errors: problems });
    const filters: any = {
      registeredAt: { $gte: p!.start.toISOString(), $lt: p!.end.toISOString() },
      $or: [{ isRepeat: { $null: true } }, { isRepeat: false }],
    };
    // The caller's own jurisdiction is applied by the kernel to every read. A unit inside it
    // (`narrow`): a petition lies in its subtree when its responsible unit does.
    if (opts.narrow && opts.scope) {
      const units = await strapi.db
        .query(UID.organisation)
        .findMany({ where: scopeFilter(opts.scope as { level: Level; code: string }), select: ['id'] });
      filters.organisation = { id: { $in: units.map((u) => u.id) } };
    }
    const found = await strapi.documents(UID.petition).findMany({
      filters,
      fields: ['referenceNo', 'subject', 'channel', 'registeredAt', 'state', 'dueAt', 'concludedAt', 'isBacklog'],
      populate: { organisation: { fields: ['name'] } },
      sort: ['registeredAt:asc', 'id:asc'],
      limit: ROW_LIMIT,
    });
    const rows = found.map((r) => ({
      documentId: r.documentId,
      referenceNo: r.referenceNo,
      subject: r.subject,
      channel: r.channel,
      channelLabel: (CHANNEL_LABELS as Record<string, string>)[r.channel] ?? r.channel ?? '',
      unit: r.organisation?.name ?? '',
      registeredAt: fmt(r.registeredAt),
      state: r.state,
      stateLabel: (STATES as Record<string, string>)[r.state] ?? r.state,
      dueAt: fmt(r.dueAt),
      concludedAt: fmt(r.concludedAt),
      isBacklog: !!r.isBacklog,
      backlogLabel: r.isBacklog ? '是' : '',
    }));
    const counts = {
      registered: rows.length,
      concluded: found.filter((r) => r.concludedAt).length,
      open: found.filter((r) => !CLOSED_STATES.includes(r.state)).length,
      backlog: rows.filter((r) => r.isBacklog).length,
    };
    const period = {
      cadence,
      label: CADENCES[cadence],
      key: p!.key,
      periodLabel: p!.label,
      start: p!.start.toISOString(),
      end: p!.end.toISOString(),
    };
    return { period, organisation: opts.scope, counts, truncated: found.length >= ROW_LIMIT, rows };
  },

  /** The same ledger as an XLSX workbook: the rows, then the counts. */
  async exportXlsx(opts: { cadence: unknown; period?: unknown; scope: MeasureScope; narrow?: boolean; now?: Date }) {
    const out = await this.list(opts);
    // Required on first use: loading exceljs costs ~180 ms of every start.
    const ExcelJS: typeof ExcelJSType = require('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.creator = '访调 Fangtiao';
    wb.created = opts.now ?? new Date();
    const ws = wb.addWorksheet(`初信初访${out.period.label}`);
    ws.columns = COLUMNS;
    ws.getRow(1).font = { bold: true };
    for (const r of out.rows) ws.addRow(r);
    ws.addRow([]);
    const c = out.counts;
    ws.addRow([`合计：登记${c.registered}件，办结${c.concluded}件，未办结${c.open}件，积案${c.backlog}件`]);
    ws.addRow([
      `期间：${out.period.periodLabel}；范围：${out.organisation ? `${out.organisation.name ?? ''} ${out.organisation.code}` : '全部'}；导出时间：${shanghaiStamp(opts.now ?? new Date())}（北京时间）`,
    ]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    return { ...out, buffer, filename: `初信初访${out.period.label}-${out.period.key}.xlsx` };
  },
});
