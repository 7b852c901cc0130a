/**
 * 一案一档: the drawn pages (cover, contents, timeline, form data) in the documents' own
 * layout and CJK font, and the merge of every part into one PDF with pdf-lib: PDFs are copied
 * page by page as they are, PNG and JPEG scans are placed on A4 pages. Pure Node, no Strapi.
 */
import { Layout } from '../documents/layout';
import { formatDate, formatDateTime } from '../documents/format';
import { SECTION_TITLES, type Section, type TocEntry } from './rules';

export interface CoverInput {
  referenceNo: string;
  subject: string;
  caseType?: string | null;
  organisation?: string | null;
  committee?: string | null;
  mediator?: string | null;
  /** 信访人：张三；被申请人：李四 */
  parties: Array<{ role: string; name: string }>;
  state: string;
  dates: Array<[label: string, at: Date | string | null | undefined]>;
  outcome: string;
  builtAt: Date;
}

const pageOf = (t: TocEntry) => (t.page ? String(t.page) : '见压缩包');

/** Cover sheet (卷宗封面) and table of contents (卷内目录); `toc` empty on the first pass, which only counts pages. */
export async function renderFront(input: CoverInput, toc: TocEntry[]): Promise<Buffer> {
  const l = new Layout({ title: `${input.referenceNo} 一案一档`, author: input.organisation ?? undefined, createdAt: input.builtAt });
  l.title('信访事项卷宗');
  l.line(`（一案一档）`);
  l.space(1);
  const partyRows = input.parties.map((p) => [p.role, p.name]);
  l.table({
    columns: [{ width: 2, label: true, align: 'center' }, { width: 7 }],
    rows: [
      ['案件编号', input.referenceNo],
      ['事　　项', input.subject],
      ['案件类型', input.caseType || '未设置'],
      ['责任单位', input.organisation || ''],
      ...(input.committee ? [['调解组织', input.committee]] : []),
      ...(input.mediator ? [['调 解 员', input.mediator]] : []),
      ...partyRows,
      ['办理状态', input.state],
      ...input.dates.filter(([, at]) => !!at).map(([label, at]) => [label, formatDate(at as Date)]),
      ['办理结果', input.outcome || '尚未办结'],
      ['立卷时间', formatDateTime(input.builtAt)],
    ],
  });
  l.newPage();
  l.title('卷内目录');
  l.table({
    columns: [
      { header: '序号', width: 1, align: 'center' },
      { header: '类别', width: 2, align: 'center' },
      { header: '材料名称', width: 5 },
      { header: '页码', width: 2, align: 'center' },
    ],
    rows: toc.length ? toc.map((t, i) => [String(i + 1), SECTION_TITLES[t.section], t.title, pageOf(t)]) : [['', '', '', '']],
  });
  return l.finish();
}

export interface TimelineRow {
  at: Date | string;
  label: string;
  detail: string;
}

/** 办理经过: every move, visit, session and return visit, oldest first, times in Beijing time. */
export async function renderTimeline(referenceNo: string, rows: TimelineRow[], builtAt: Date): Promise<Buffer> {
  const l = new Layout({ title: `${referenceNo} 办理经过`, createdAt: builtAt });
  l.title('办理经过');
  l.line(`案件编号：${referenceNo}`, 'right');
  l.table({
    columns: [
      { header: '时间', width: 3, align: 'center' },
      { header: '事项', width: 3, align: 'center' },
      { header: '情况', width: 6 },
    ],
    rows: rows.length ? rows.map((r) => [formatDateTime(r.at), r.label, r.detail || '—']) : [['', '无记录', '']],
    style: 'small',
  });
  return l.finish();
}

/** 表单信息: the case type's form as filled, label by label, in the schema's order. */
export async function renderForm(
  referenceNo: string,
  caseType: string,
  rows: Array<[label: string, value: string]>,
  builtAt: Date,
): Promise<Buffer> {
  const l = new Layout({ title: `${referenceNo} 表单信息`, createdAt: builtAt });
  l.title('表单信息');
  l.line(`案件编号：${referenceNo}　案件类型：${caseType}`, 'right');
  l.table({
    columns: [
      { header: '项目', width: 3, label: true, align: 'center' },
      { header: '内容', width: 7 },
    ],
    rows: rows.length ? rows : [['', '（表单未填写）']],
  });
  return l.finish();
}

/** One part of the merged PDF. */
export interface PdfPart {
  section: Section;
  title: string;
  kind: 'pdf' | 'image';
  bytes: Buffer;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 36;

/** Loads pdf-lib on first use (it is only needed when a case file is built). */
const pdfLib = (): typeof import('pdf-lib') => require('pdf-lib');

/** Page count of a PDF part, or 0 when it cannot be read (it then goes into the zip only). */
export async function pageCount(part: Pick<PdfPart, 'kind' | 'bytes'>): Promise<number> {
  if (part.kind === 'image') return (await imageFits(part.bytes)) ? 1 : 0;
  try {
    const doc = await pdfLib().PDFDocument.load(part.bytes, { ignoreEncryption: true, updateMetadata: false });
    return doc.getPageCount();
  } catch {
    return 0;
  }
}

async function imageFits(bytes: Buffer): Promise<boolean> {
  const doc = await pdfLib().PDFDocument.create();
  return !!(await embedImage(doc, bytes));
}

async function embedImage(doc: import('pdf-lib').PDFDocument, bytes: Buffer) {
  try {
    // By the bytes, not the name: a .jpg that is a PNG still goes in.
    if (bytes[0] === 0x89 && bytes[1] === 0x50) return await doc.embedPng(bytes);
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return await doc.embedJpg(bytes);
  } catch {
    return null;
  }
  return null;
}

/** Merges the parts in order: PDF pages as they are, each image on an A4 page of its own, scaled to fit. */
export async function mergeParts(parts: PdfPart[], meta: { title: string; createdAt: Date }): Promise<Buffer> {
  const { PDFDocument } = pdfLib();
  const out = await PDFDocument.create();
  out.setTitle(meta.title);
  out.setCreator('Fangtiao');
  out.setProducer('Fangtiao (pdfkit, pdf-lib)');
  out.setCreationDate(meta.createdAt);
  out.setModificationDate(meta.createdAt);
  for (const part of parts) {
    if (part.kind === 'pdf') {
      let src: import('pdf-lib').PDFDocument;
      try {
        src = await PDFDocument.load(part.bytes, { ignoreEncryption: true, updateMetadata: false });
      } catch {
        continue; // unreadable: the zip still has it, the contents say so
      }
      for (const page of await out.copyPages(src, src.getPageIndices())) out.addPage(page);
      continue;
    }
    const image = await embedImage(out, part.bytes);
    if (!image) continue;
    const page = out.addPage(A4);
    const scale = Math.min((A4[0] - 2 * MARGIN) / image.width, (A4[1] - 2 * MARGIN) / image.height, 1);
    const w = image.width * scale;
    const h = image.height * scale;
    page.drawImage(image, { x: (A4[0] - w) / 2, y: (A4[1] - h) / 2, width: w, height: h });
  }
  return Buffer.from(await out.save());
}
