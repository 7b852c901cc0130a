import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type ExcelJSType from 'exceljs';
import { formatDate } from '@fangtiao/kernel/pure';
import { complexityOf, COMPLEXITIES, ledgerTotals, monthOf, MONTH, rateFor, type Complexity, type Rate } from '../rules';

export const RATE_UID = 'plugin::fangtiao.subsidy-rate';
export const SUBSIDY_UID = 'plugin::fangtiao.case-subsidy';
const FIELDS = [
  'documentId',
  'petitionKey',
  'referenceNo',
  'mediatorName',
  'committeeName',
  'caseTypeName',
  'complexity',
  'amount',
  'rateMissing',
  'month',
  'concludedAt',
];

/** 以案定补: booked when a mediated case concludes; the monthly ledger per committee, as JSON and XLSX. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async rates(): Promise<Rate[]> {
    const rows: any[] = await strapi.db.query(RATE_UID).findMany({ populate: { caseType: { select: ['documentId'] } } });
    return rows.map((r) => ({
      caseType: r.caseType?.documentId ?? null,
      complexity: r.complexity as Complexity,
      amount: Number(r.amount),
      active: r.active,
    }));
  },

  /** In the conclusion's transaction: a case mediated by a mediator is booked once, at the rate in force. */
  async onConcluded(petitionDocumentId: string, concludedAt: Date) {
    const p = await strapi.db.query('api::petition.petition').findOne({
      where: { documentId: petitionDocumentId },
      select: ['documentId', 'referenceNo', 'isDifficult'],
      populate: {
        mediator: { select: ['id', 'username', 'fullName'] },
        committee: { select: ['id', 'name'] },
        caseType: { select: ['documentId', 'name'] },
      },
    });
    if (!p?.mediator) return null; // not mediated: no subsidy for a mediator
    if (await strapi.db.query(SUBSIDY_UID).findOne({ where: { petitionKey: petitionDocumentId }, select: ['id'] })) return null;
    const complexity = complexityOf(p);
    const rate = rateFor(await this.rates(), p.caseType?.documentId, complexity);
    return strapi.documents(SUBSIDY_UID).create({
      data: {
        petition: petitionDocumentId,
        petitionKey: petitionDocumentId,
        referenceNo: p.referenceNo,
        mediator: p.mediator.id,
        mediatorName: p.mediator.fullName || p.mediator.username,
        committee: p.committee?.id ?? null,
        committeeName: p.committee?.name ?? null,
        caseTypeName: p.caseType?.name ?? null,
        complexity,
        amount: rate ?? 0,
        rateMissing: rate === null,
        month: monthOf(concludedAt),
        concludedAt,
      },
    });
  },

  /** The month's ledger in the caller's jurisdiction, optionally of one committee (400 for a bad month). */
  async ledger(query: { month?: unknown; committee?: unknown }) {
    const month = String(query.month ?? '');
    if (!MONTH.test(month))
      throw new errors.ValidationError('月份格式应为 YYYY-MM', {
        errors: [{ path: ['month'], message: '月份格式应为 YYYY-MM，如 2026-03' }],
      });
    const filters: Record<string, unknown> = { month };
    if (query.committee) filters.committee = { documentId: String(query.committee) };
    const rows: any[] = await strapi
      .documents(SUBSIDY_UID)
      .findMany({ filters: filters as any, fields: FIELDS as any, sort: ['committeeName:asc', 'concludedAt:asc'], limit: 10000 } as any);
    const shown = rows.map((r) => ({
      ...r,
      amount: Number(r.amount),
      complexityLabel: COMPLEXITIES[r.complexity as Complexity] ?? r.complexity,
    }));
    return { month, rows: shown, totals: ledgerTotals(shown) };
  },

  /** The ledger as XLSX: one row per case, then the mediators' totals (text cells, except amounts). */
  async ledgerXlsx(query: { month?: unknown; committee?: unknown }) {
    const l = await this.ledger(query);
    const ExcelJS: typeof ExcelJSType = require('exceljs'); // on first use: exceljs is slow to load
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(`以案定补${l.month}`, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [
      { header: '调解组织', key: 'committeeName', width: 24 },
      { header: '调解员', key: 'mediatorName', width: 12 },
      { header: '案件编号', key: 'referenceNo', width: 22 },
      { header: '案件类型', key: 'caseTypeName', width: 14 },
      { header: '复杂程度', key: 'complexityLabel', width: 10 },
      { header: '办结日期（北京时间）', key: 'concluded', width: 16 },
      { header: '补贴金额（元）', key: 'amount', width: 14 },
      { header: '备注', key: 'note', width: 20 },
    ];
    for (const r of l.rows) {
      sheet.addRow({ ...r, concluded: formatDate(r.concludedAt), note: r.rateMissing ? '未设置补贴标准' : '' });
    }
    sheet.addRow({});
    for (const m of l.totals.mediators) sheet.addRow({ mediatorName: m.mediatorName, referenceNo: `小计 ${m.cases} 件`, amount: m.amount });
    sheet.addRow({ committeeName: '合计', referenceNo: `${l.totals.cases} 件`, amount: l.totals.amount });
    sheet.getColumn('amount').numFmt = '0.00';
    return { month: l.month, body: Buffer.from(await book.xlsx.writeBuffer()) };
  },
});
