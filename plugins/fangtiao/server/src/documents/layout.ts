/**
 * Page layout for Chinese official documents (GB/T 9704-2012): the blocks a document is made
 * of — title, paragraphs, fields, tables, signature and seal blocks — on the page and grid of
 * page.ts (A4, 22 lines × 28 characters, 二号 (22 pt) bold title).
 *
 * pdfkit only draws here: lines are broken by our own breaker (linebreak.ts, measured with
 * the font), justified with character spacing, and pages are added by this class, so
 * tables can repeat their header and signature blocks never split.
 */
import type { FontKey } from './fonts';
import { breakParagraph } from './linebreak';
import { BODY_SIZE, BOTTOM, LEFT, MM, RIGHT, TOP, WIDTH, Page, type Style, type StyleName } from './page';

export { STYLES, type LayoutOptions, type PageFooter, type StyleName } from './page';

export interface TableColumn {
  header?: string;
  /** Relative width; the columns share the full type width. */
  width: number;
  align?: 'left' | 'center';
  /** Label columns: bold, centred vertically. */
  label?: boolean;
}

export interface TableSpec {
  columns: TableColumn[];
  rows: string[][];
  style?: 'table' | 'small';
}

export interface SignatureBlock {
  /** Who signs, e.g. 甲方（签名）. */
  label: string;
  /** Leave a box for the fingerprint (按指印). */
  fingerprint?: boolean;
  /** Date printed under the signature, or a blank 年 月 日 when absent. */
  date?: string;
}

export interface SealBlock {
  /** Issuing body, printed where its seal goes. */
  name: string;
  date: string;
  /** Printed after the name, e.g. 盖章. */
  stamp?: string;
}

const CELL_PAD_X = 5;
const CELL_PAD_Y = 4;

export class Layout extends Page {
  // ---- text blocks -----------------------------------------------------------

  title(text: string): void {
    const style = this.S.title;
    for (const line of this.lines(text, WIDTH, style)) {
      this.ensure(style.leading);
      const w = this.measure(line.text, style) - style.spacing;
      this.drawLine(line.text, LEFT + (WIDTH - w) / 2, this.y, style);
      this.y += style.leading;
    }
    this.space(0.5);
  }

  /** A single centred or right-aligned line, e.g. the document number under the title. */
  line(text: string, align: 'center' | 'right' | 'left' = 'center', given: Style = this.S.body): void {
    const style = this.scaled(given);
    this.ensure(style.leading);
    const w = this.measure(text, style) - style.spacing;
    const x = align === 'left' ? LEFT : align === 'right' ? RIGHT - w : LEFT + (WIDTH - w) / 2;
    this.drawLine(text, x, this.y, style);
    this.y += style.leading;
  }

  /** Two texts on one line, one at each margin (单位：…… 时间：……). */
  pair(left: string, right: string, given: Style = this.S.body): void {
    const style = this.scaled(given);
    if (this.measure(left + right, style) + 2 * style.size > WIDTH) {
      this.line(left, 'left', style);
      this.line(right, 'right', style);
      return;
    }
    this.ensure(style.leading);
    this.drawLine(left, LEFT, this.y, style);
    this.drawLine(right, RIGHT - this.measure(right, style) + style.spacing, this.y, style);
    this.y += style.leading;
  }

  /** Body text: 2-character first-line indent, justified, flows onto new pages. */
  paragraph(text: string, options: { indent?: number; style?: StyleName; bold?: boolean } = {}): void {
    const style = this.S[options.bold ? 'bold' : (options.style ?? 'body')];
    const indent = (options.indent ?? 2) * (style.size + style.spacing);
    for (const line of this.lines(text, WIDTH, style, indent)) {
      this.ensure(style.leading);
      const x = LEFT + (line.first ? indent : 0);
      this.drawLine(line.text, x, this.y, style, line.last ? undefined : RIGHT - x);
      this.y += style.leading;
    }
  }

  /** Numbered heading (一、…) in bold. */
  heading(text: string): void {
    this.ensure(this.L * 2); // keep a heading with the first line after it
    this.paragraph(text, { bold: true });
  }

  /**
   * "标签：内容" — bold label, regular value. Continuation lines return to the margin,
   * or align under the value with `hanging`.
   */
  field(label: string, value: string, options: { indent?: number; hanging?: boolean; color?: string } = {}): void {
    const body = this.S.body;
    const indent = (options.indent ?? 2) * (body.size + body.spacing);
    const labelText = `${label}：`;
    const labelWidth = this.measure(labelText, this.S.bold);
    const hang = options.hanging ? indent + labelWidth : 0;
    const flat = value.replace(/\s*\n\s*/g, ' ') || ' '; // one run-in paragraph
    const lines = breakParagraph(flat, WIDTH - hang + 0.01, (u) => this.measure(u, body), indent + labelWidth - hang);
    lines.forEach((text, i) => {
      this.ensure(this.L);
      if (i === 0) this.drawLine(labelText, LEFT + indent, this.y, this.S.bold);
      const x = LEFT + (i === 0 ? indent + labelWidth : hang);
      this.drawLine(text, x, this.y, body, i === lines.length - 1 ? undefined : RIGHT - x, options.color);
      this.y += this.L;
    });
  }

  // ---- tables ------------------------------------------------------------------

  /**
   * A ruled table. The header row (columns with a `header`) is repeated at the top of
   * every page the table runs onto; a row taller than what is left of the page moves to
   * the next page, or is split line by line when it would not fit on a page at all.
   */
  table(spec: TableSpec): void {
    const style = spec.style === 'small' ? this.S.small : this.S.table;
    const head = spec.style === 'small' ? { ...this.S.small, font: 'songBold' as FontKey } : this.S.tableHead;
    const total = spec.columns.reduce((s, c) => s + c.width, 0);
    const widths = spec.columns.map((c) => (c.width / total) * WIDTH);
    const cellLines = (cells: string[], st: (i: number) => Style) =>
      cells.map((cell, i) => this.lines(cell ?? '', widths[i] - 2 * CELL_PAD_X, st(i)).map((l) => l.text));
    const header = spec.columns.some((c) => c.header)
      ? cellLines(
          spec.columns.map((c) => c.header ?? ''),
          () => head,
        )
      : undefined;
    const headerHeight = header ? Math.max(...header.map((l) => l.length)) * head.leading + 2 * CELL_PAD_Y : 0;
    const drawHeader = () => {
      if (header) this.drawRow(header, widths, spec.columns, () => head, 0, Math.max(...header.map((l) => l.length)), true);
    };

    this.y += 6; // a little air between the text above and the top rule
    this.ensure(headerHeight + style.leading + 2 * CELL_PAD_Y);
    drawHeader();
    for (const row of spec.rows) {
      const styleOf = (i: number) => (spec.columns[i]?.label ? head : style);
      const lines = cellLines(row, styleOf);
      const n = Math.max(1, ...lines.map((l) => l.length));
      let offset = 0;
      while (offset < n) {
        const room = Math.floor((BOTTOM - this.y - 2 * CELL_PAD_Y) / style.leading);
        const fitsOnFreshPage = (n - offset) * style.leading + 2 * CELL_PAD_Y + headerHeight <= BOTTOM - TOP;
        if (room < n - offset && (fitsOnFreshPage || room < 2)) {
          this.newPage();
          drawHeader();
          continue;
        }
        const take = Math.min(room, n - offset);
        this.drawRow(lines, widths, spec.columns, styleOf, offset, take, false);
        offset += take;
      }
    }
  }

  protected drawRow(
    lines: string[][],
    widths: number[],
    columns: TableColumn[],
    styleOf: (i: number) => Style,
    offset: number,
    take: number,
    isHeader: boolean,
  ): void {
    const leading = styleOf(0).leading;
    const height = take * leading + 2 * CELL_PAD_Y;
    let x = LEFT;
    lines.forEach((cell, i) => {
      const st = styleOf(i);
      const col = columns[i];
      const part = cell.slice(offset, offset + take);
      const centreV = (isHeader || col.label) && cell.length <= take && offset === 0;
      let top = this.y + CELL_PAD_Y + (centreV ? ((take - part.length) * leading) / 2 : 0);
      for (const text of part) {
        const w = this.measure(text, st) - st.spacing;
        const cx = isHeader || col.align === 'center' ? x + (widths[i] - w) / 2 : x + CELL_PAD_X;
        this.drawLine(text, cx, top, st);
        top += leading;
      }
      x += widths[i];
    });
    // Rules after the text: a PDF path may not enclose text objects.
    x = LEFT;
    for (const w of widths) {
      this.doc.rect(x, this.y, w, height);
      x += w;
    }
    this.doc.lineWidth(0.75).stroke();
    this.y += height;
  }

  // ---- signature and seal blocks -------------------------------------------------

  /**
   * Signature blocks, two to a row where both fit in half the width: "label：____" with
   * the date under it and, where asked, a dashed box for the fingerprint. The blocks
   * (and the seal after them, if given) are kept on one page.
   */
  signatures(blocks: SignatureBlock[], seal?: SealBlock): void {
    const box = 14 * MM;
    const half = WIDTH / 2;
    const cell = half - 8; // gutter between the two blocks of a row
    const need = (b: SignatureBlock) => this.measure(`${b.label}：`, this.S.bold) + 3 * BODY_SIZE + (b.fingerprint ? box + 12 : 12);
    const rows: SignatureBlock[][] = [];
    for (let i = 0; i < blocks.length; i++) {
      const pair = blocks[i + 1];
      if (pair && need(blocks[i]) <= cell && need(pair) <= cell) rows.push([blocks[i], blocks[++i]]);
      else rows.push([blocks[i]]);
    }
    const rowHeight = this.L * 2 + 4;
    // Under signature rows, whose date lines already leave air, half a line before the seal is enough.
    const sealGap = 0.5;
    const height = rows.length * rowHeight + (seal ? (2 + sealGap) * this.L : 0);
    if (this.y + height > BOTTOM && height + this.L <= BOTTOM - TOP) {
      // A page of signatures alone says which document it belongs to (签署页).
      this.signaturePage = true;
      this.newPage();
      this.line(`（此页无正文，为《${this.documentTitle}》签署页）`, 'left');
      this.space(0.5);
    }
    for (const row of rows) {
      this.ensure(rowHeight);
      const width = row.length > 1 ? cell : Math.max(WIDTH * 0.7, need(row[0]));
      row.forEach((block, i) => this.signatureBlock(block, LEFT + i * half, width, box));
      this.y += rowHeight;
    }
    if (seal) this.seal(seal, sealGap);
  }

  protected signatureBlock(block: SignatureBlock, x: number, width: number, box: number): void {
    const body = this.S.body;
    const label = `${block.label}：`;
    const textRight = x + width - (block.fingerprint ? box + 12 : 12);
    this.drawLine(label, x, this.y, this.S.bold);
    const underlineY = this.y + (this.L + body.size) / 2 + 3;
    this.doc
      .moveTo(x + this.measure(label, this.S.bold), underlineY)
      .lineTo(textRight, underlineY)
      .lineWidth(0.6)
      .stroke();
    const date = block.date ?? '年　　月　　日';
    this.drawLine(date, textRight - this.measure(date, body) + body.spacing, this.y + this.L, body);
    if (block.fingerprint) {
      const bx = textRight + 8;
      this.doc
        .save()
        .dash(2, { space: 2 })
        .rect(bx, this.y + 2, box, box)
        .lineWidth(0.6)
        .stroke('#555')
        .undash()
        .restore();
      const cap = '按指印';
      const capW = this.measure(cap, this.S.note);
      this.drawLine(cap, bx + (box - capW) / 2, this.y + 2 + (box - this.S.note.leading) / 2, this.S.note, undefined, '#888');
    }
  }

  /**
   * The issuing body's signature: its name centred over the date, the date 4 characters
   * in from the right (GB/T 9704 7.3.5), with room above for the seal.
   */
  seal({ name, date, stamp }: SealBlock, gapLines = 1): void {
    const body = this.S.body;
    const char = body.size + body.spacing;
    const nameLine = stamp ? `${name}（${stamp}）` : name;
    this.ensure((2 + gapLines) * this.L);
    this.space(gapLines);
    const dateW = this.measure(date, body) - body.spacing;
    const dateX = RIGHT - 4 * char - dateW;
    const nameW = this.measure(nameLine, body) - body.spacing;
    const nameX = Math.min(RIGHT - nameW, Math.max(LEFT, dateX + dateW / 2 - nameW / 2));
    this.drawLine(nameLine, nameX, this.y, body);
    this.y += this.L;
    this.drawLine(date, dateX, this.y, body);
    this.y += this.L;
  }

  /** Small print (notes). */
  note(text: string): void {
    this.paragraph(text, { style: 'small', indent: 0 });
  }

  /** 抄送 and similar distribution lines under a rule, kept together on one page. */
  distribution(text: string): void {
    const lines = this.lines(text, WIDTH, this.S.small);
    this.ensure(this.L / 2 + lines.length * this.S.small.leading);
    const y = this.y + this.L / 4;
    this.doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(0.75).stroke();
    this.y += this.L / 2;
    this.note(text);
  }
}
