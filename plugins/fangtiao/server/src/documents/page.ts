/**
 * The page of a Chinese official document (GB/T 9704-2012) and its grid: A4, type area
 * 156 × 225 mm, 三号 (16 pt) body on 22 lines × 28 characters; measuring with the font,
 * drawing one line, adding pages, and the footers at the end. layout.ts builds the blocks
 * a document is made of (text, tables, signatures) on it.
 */
import type PDFDocumentType from 'pdfkit';
import { FontKey, loadFont } from './fonts';
import { breakText } from './linebreak';

export const MM = 72 / 25.4;
export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
export const WIDTH = A4.width - MARGIN.left - MARGIN.right; // 156 mm
export const TOP = MARGIN.top;
export const BOTTOM = A4.height - MARGIN.bottom;
export const LEFT = MARGIN.left;
export const RIGHT = A4.width - MARGIN.right;
export const BODY_SIZE = 16;
/** 22 lines in the 225 mm type area. */
export const LINE = (BOTTOM - TOP) / 22;
/** Spacing that puts exactly 28 body characters on a line (slightly negative). */
export const GRID_SPACING = (WIDTH - 28 * BODY_SIZE) / 28;
/** Top of the ideographic em box above the baseline, in em (Noto Serif SC: 880/1000). */
export const EM_TOP = 0.88;

export interface Style {
  font: FontKey;
  size: number;
  leading: number;
  spacing: number;
}

export const STYLES = {
  title: { font: 'songBold', size: 22, leading: 36, spacing: 0 },
  body: { font: 'song', size: BODY_SIZE, leading: LINE, spacing: GRID_SPACING },
  bold: { font: 'songBold', size: BODY_SIZE, leading: LINE, spacing: GRID_SPACING },
  table: { font: 'song', size: 14, leading: 22, spacing: 0 },
  tableHead: { font: 'songBold', size: 14, leading: 22, spacing: 0 },
  small: { font: 'song', size: 12, leading: 18, spacing: 0 },
  note: { font: 'song', size: 9, leading: 12, spacing: 0 },
} satisfies Record<string, Style>;
export type StyleName = keyof typeof STYLES;

/** Advance widths at 1 pt, per font and character; the fonts are the same in every document. */
const advances = new Map<string, number>();

export interface PageFooter {
  verificationCode?: string;
  verifyUrl?: string;
  /** PNG of the QR code for verifyUrl (see qr.ts). */
  qrPng?: Buffer;
}

export interface LayoutOptions {
  title: string;
  /**
   * Body line height as a share of the grid's (1). GB/T 9704 7.3.5.1: when the signatures
   * and seal do not fit under the text, tighten the line spacing rather than leave them alone
   * on a page (renderDocument tries this).
   */
  lineScale?: number;
  author?: string;
  createdAt?: Date;
  footer?: PageFooter;
}

export class Page {
  readonly doc: PDFKit.PDFDocument;
  /** Top of the next line box. */
  y = TOP;
  protected readonly chunks: Buffer[] = [];
  protected readonly done: Promise<Buffer>;
  protected readonly footer: PageFooter;
  protected readonly documentTitle: string;
  /** Body line height and styles: the grid's, or tightened (see LayoutOptions.lineScale). */
  protected readonly L: number;
  protected readonly S: typeof STYLES;
  /** Set when the signatures had to go to a page of their own (此页无正文). */
  signaturePage = false;

  constructor(options: LayoutOptions) {
    // Required on first use, not at start (pdfkit and fontkit cost ~150 ms to load).
    const PDFDocument: typeof PDFDocumentType = require('pdfkit');
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN.top, bottom: MARGIN.bottom, left: MARGIN.left, right: MARGIN.right },
      bufferPages: true, // page numbers need the total, known only at the end
      lang: 'zh-CN',
      displayTitle: true,
      // No default Helvetica: every font in the file is an embedded CJK subset.
      font: null as unknown as string,
      info: {
        Title: options.title,
        // pdfkit hashes every info value into the file ID: leave out the absent ones.
        ...(options.author ? { Author: options.author } : {}),
        Creator: 'Fangtiao',
        Producer: 'Fangtiao (pdfkit)',
        CreationDate: options.createdAt ?? new Date(),
      },
    });
    this.doc.registerFont('song', loadFont('song') as unknown as PDFKit.Mixins.PDFFontSource);
    this.doc.registerFont('songBold', loadFont('songBold') as unknown as PDFKit.Mixins.PDFFontSource);
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => this.chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.footer = options.footer ?? {};
    this.L = LINE * (options.lineScale ?? 1);
    this.S = { ...STYLES, body: { ...STYLES.body, leading: this.L }, bold: { ...STYLES.bold, leading: this.L } };
    this.documentTitle = options.title;
  }

  // ---- measuring -------------------------------------------------------------

  protected advance(font: FontKey, ch: string): number {
    const key = font + ch;
    let w = advances.get(key);
    if (w === undefined) {
      this.doc.font(font).fontSize(100);
      w = this.doc.widthOfString(ch) / 100;
      advances.set(key, w);
    }
    return w;
  }

  /** Width of text in a style, counting the style's spacing after every character. */
  measure(text: string, style: Style = this.S.body): number {
    let w = 0;
    for (const ch of text) w += this.advance(style.font, ch) * style.size + style.spacing;
    return w;
  }

  lines(text: string, width: number, style: Style = this.S.body, firstIndent = 0) {
    return breakText(text, width + 0.01, (u) => this.measure(u, style), firstIndent);
  }

  // ---- drawing primitives ----------------------------------------------------

  /** Draw one line whose box starts at (x, top); `justifyTo` spreads it to that width. */
  protected drawLine(text: string, x: number, top: number, style: Style, justifyTo?: number, color?: string): void {
    if (!text) return;
    const baseline = top + (style.leading - style.size) / 2 + EM_TOP * style.size;
    let spacing = style.spacing;
    const n = Array.from(text).length;
    if (justifyTo !== undefined && n > 1) {
      const natural = this.measure(text, style) - n * style.spacing;
      const extra = justifyTo - natural;
      // Kinsoku moves at most a character or two; more room means a long number or word
      // went to the next line, and spreading the rest would look broken: stay ragged.
      if (extra > 0 && extra <= 2 * style.size) spacing = extra / (n - 1);
    }
    this.doc
      .fillColor(color ?? 'black')
      .font(style.font)
      .fontSize(style.size)
      .text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: spacing });
  }

  /** A template's STYLES.body or STYLES.bold, at this layout's line height. */
  protected scaled(style: Style): Style {
    return style === STYLES.body ? this.S.body : style === STYLES.bold ? this.S.bold : style;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = TOP;
  }

  /** Start a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM + 0.5 && this.y > TOP) this.newPage();
  }

  /** Vertical space in body lines. */
  space(lines = 1): void {
    this.y = Math.min(this.y + lines * this.L, BOTTOM);
  }

  // ---- finishing -----------------------------------------------------------------

  /** Drops a layout that will not be used (renderDocument retrying with tighter spacing). */
  discard(): void {
    this.done.catch(() => {});
    this.doc.end();
  }

  /** Footers on every page (page numbers need the page count), then the PDF bytes. */
  async finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(start + i);
      this.drawFooter(i + 1, count);
    }
    this.doc.end();
    return this.done;
  }

  /**
   * Page number 7 mm under the type area (GB/T 9704 7.5), centred; the verification
   * code on one small line below it on every page; the QR code at the right of the
   * last page.
   */
  protected drawFooter(page: number, pages: number): void {
    const foot = BOTTOM + 7 * MM;
    const pageNo = { ...this.S.small, size: 14, leading: 20 };
    if (pages > 1) {
      const text = `第 ${page} 页 共 ${pages} 页`;
      this.drawLine(text, LEFT + (WIDTH - this.measure(text, pageNo)) / 2, foot, pageNo);
    }
    const { verificationCode, verifyUrl, qrPng } = this.footer;
    const qrSize = 15 * MM;
    if (verificationCode) {
      const text = `核验码：${verificationCode}${verifyUrl ? `　核验网址：${verifyUrl}` : ''}`;
      const room = WIDTH - (qrPng ? qrSize + 8 : 0);
      const [first] = this.lines(text, room, this.S.note);
      this.drawLine(first.text, LEFT, foot + pageNo.leading + 4, this.S.note, undefined, '#333');
    }
    if (qrPng && page === pages) {
      this.doc.image(qrPng, RIGHT - qrSize, BOTTOM + 8, { width: qrSize, height: qrSize });
      const cap = '扫码核验';
      const capX = RIGHT - qrSize - this.measure(cap, this.S.note) - 4;
      this.drawLine(cap, capX, BOTTOM + 8 + qrSize - this.S.note.leading, this.S.note, undefined, '#333');
    }
  }
}
