import type { Core } from '@strapi/strapi';
import type ExcelJSType from 'exceljs';
import { UID } from '../../../constants';
import { STATES } from '../../../case-flow/flow';
import { CLARITY_LABELS } from '../../../case-flow/five-clarity';
import { shanghaiDate } from '../../../case-flow/deadlines';
import { csvFile } from '../../../csv';
import { CHANNEL_LABELS } from '../../../case-flow/channels';

const PAGE = 1000;
const MAX_ROWS = 100_000;

/** The ledger columns (台账): no ID or phone numbers — an export leaves the system. */
const COLUMNS: { header: string; key: string; width: number; value: (p: any) => string | number }[] = [
  { header: '编号', key: 'referenceNo', width: 20, value: (p) => p.referenceNo ?? '' },
  { header: '渠道', key: 'channel', width: 8, value: (p) => (CHANNEL_LABELS as Record<string, string>)[p.channel] ?? p.channel },
  { header: '事项', key: 'subject', width: 36, value: (p) => p.subject ?? '' },
  { header: '信访人', key: 'parties', width: 16, value: (p) => (p.parties ?? []).map((x: any) => x.name).join('、') },
  { header: '责任单位', key: 'organisation', width: 16, value: (p) => p.organisation?.name ?? '' },
  { header: '状态', key: 'state', width: 14, value: (p) => (STATES as Record<string, string>)[p.state] ?? p.state },
  { header: '登记日期', key: 'registeredAt', width: 12, value: (p) => (p.registeredAt ? shanghaiDate(p.registeredAt) : '') },
  { header: '期限', key: 'dueAt', width: 12, value: (p) => (p.dueAt ? shanghaiDate(p.dueAt) : '') },
  { header: '积案', key: 'isBacklog', width: 6, value: (p) => (p.isBacklog ? '是' : '否') },
  { header: '重复信访', key: 'isRepeat', width: 8, value: (p) => (p.isRepeat ? '是' : '否') },
  { header: '来访次数', key: 'visitCount', width: 8, value: (p) => p.visitCount ?? 0 },
  { header: '五个清楚', key: 'fiveClarityScore', width: 8, value: (p) => `${p.fiveClarityScore ?? 0}/5` },
  {
    header: '缺项',
    key: 'missing',
    width: 24,
    value: (p) => (p.fiveClarityMissing ?? []).map((k: string) => (CLARITY_LABELS as any)[k]).join('、'),
  },
];

/** Exports the petition list with the caller's filters (and jurisdiction) as XLSX or CSV. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async rows(query: Record<string, any>) {
    const rows: any[] = [];
    for (let start = 0; start < MAX_ROWS; start += PAGE) {
      const page = await strapi.documents(UID.petition).findMany({
        filters: query.filters,
        sort: query.sort ?? ['registeredAt:asc'],
        fields: [
          'referenceNo',
          'channel',
          'subject',
          'state',
          'registeredAt',
          'dueAt',
          'isBacklog',
          'isRepeat',
          'visitCount',
          'fiveClarityScore',
          'fiveClarityMissing',
        ] as any,
        populate: { organisation: { fields: ['name'] }, parties: { fields: ['name'] } } as any,
        start,
        limit: PAGE,
      });
      rows.push(...page);
      if (page.length < PAGE) break;
    }
    return rows;
  },

  /** The ledger file; every export is in the audit log with the query and the petitions it holds. */
  async export(query: Record<string, any>, format: 'xlsx' | 'csv') {
    const rows = await this.rows(query);
    await strapi.service(UID.auditEntry).record({
      action: 'export-petitions',
      targetUid: UID.petition,
      detail: {
        format,
        filters: query.filters ?? null,
        sort: query.sort ?? null,
        count: rows.length,
        petitions: rows.map((p) => p.documentId),
      },
    });
    const stamp = shanghaiDate(new Date());
    if (format === 'csv') {
      const body = csvFile([COLUMNS.map((c) => c.header), ...rows.map((p) => COLUMNS.map((c) => c.value(p)))]);
      return { contentType: 'text/csv; charset=utf-8', filename: `信访台账-${stamp}.csv`, body };
    }
    // Required on first use: loading exceljs costs ~180 ms of every start.
    const ExcelJS: typeof ExcelJSType = require('exceljs');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('信访台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = COLUMNS.map(({ header, key, width }) => ({ header, key, width }));
    sheet.getRow(1).font = { bold: true };
    for (const p of rows) sheet.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, c.value(p)])));
    sheet.autoFilter = { from: 'A1', to: { row: 1, column: COLUMNS.length } };
    const body = Buffer.from(await book.xlsx.writeBuffer());
    return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `信访台账-${stamp}.xlsx`, body };
  },
});
