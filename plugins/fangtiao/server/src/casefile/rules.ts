/**
 * 一案一档 — the complete case file, pure: which sections it has and in what order, how its
 * items are named in the zip (unique, each with the case number), and the table of contents.
 * The builder (strapi/service.ts) collects items from its sources, renders the drawn pages
 * (render.ts) and merges; nothing here knows Strapi or PDF.
 */

/** Sections in the order of the file (卷内目录 order: cover, contents, then the record). */
export const SECTIONS = ['timeline', 'form', 'documents', 'signed', 'minutes', 'attachments'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLES: Record<Section, string> = {
  timeline: '办理经过',
  form: '表单信息',
  documents: '文书',
  signed: '签署件',
  minutes: '听证及会商笔录',
  attachments: '附件材料',
};

/** How an item goes into the merged PDF: pages as they are, an image placed on a page, or only in the zip. */
export type ItemKind = 'pdf' | 'image' | 'other';

/** One item of the case file, as a source gives it (bytes read lazily: a large scan is read once, when used). */
export interface CaseFileItem {
  section: Section;
  /** The item's title in the table of contents, e.g. 人民调解协议书（第2版）. */
  title: string;
  /** File name inside its section, without the case number (added by entryNames). */
  name: string;
  /** When the item was made: items of a section are in this order. */
  at: Date | string | null;
  mime: string;
  bytes: () => Promise<Buffer>;
}

/** What a PDF can take as it is, or as a placed image; anything else travels in the zip only. */
export function itemKind(mime: string, name = ''): ItemKind {
  const m = mime.toLowerCase();
  if (m === 'application/pdf' || /\.pdf$/i.test(name)) return 'pdf';
  if (m === 'image/png' || m === 'image/jpeg' || /\.(png|jpe?g)$/i.test(name)) return 'image';
  return 'other';
}

const time = (at: CaseFileItem['at']) => (at ? new Date(at).getTime() : 0);

/** Items by section, then oldest first, then by name: the same case gives the same file. */
export function orderItems<T extends Pick<CaseFileItem, 'section' | 'at' | 'name'>>(items: T[]): T[] {
  return [...items].sort(
    (a, b) => SECTIONS.indexOf(a.section) - SECTIONS.indexOf(b.section) || time(a.at) - time(b.at) || a.name.localeCompare(b.name),
  );
}

const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;
export const safeName = (s: string) => s.replace(UNSAFE, '_').trim() || '_';

/**
 * Zip entry names: `<case number>-一案一档/<nn>-<section>/<case number>-<name>`, unique
 * (a second `x.pdf` becomes `x-2.pdf`), so files taken out of the folder still say whose they are.
 */
export function entryNames(referenceNo: string, items: Array<Pick<CaseFileItem, 'section' | 'name'>>): string[] {
  const ref = safeName(referenceNo);
  const taken = new Set<string>();
  return items.map((item) => {
    const folder = `${String(SECTIONS.indexOf(item.section) + 1).padStart(2, '0')}-${SECTION_TITLES[item.section]}`;
    const base = safeName(item.name).startsWith(`${ref}-`) ? safeName(item.name) : `${ref}-${safeName(item.name)}`;
    const dot = base.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
    let candidate = `${ref}-一案一档/${folder}/${base}`;
    for (let i = 2; taken.has(candidate.toLowerCase()); i += 1) candidate = `${ref}-一案一档/${folder}/${stem}-${i}${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

/** The merged PDF's name, and the zip's. */
export const caseFileNames = (referenceNo: string) => ({
  pdf: `${safeName(referenceNo)}-一案一档.pdf`,
  zip: `${safeName(referenceNo)}-一案一档.zip`,
  asciiPdf: `${referenceNo.replace(/[^A-Za-z0-9._-]/g, '_')}-case-file.pdf`,
  asciiZip: `${referenceNo.replace(/[^A-Za-z0-9._-]/g, '_')}-case-file.zip`,
});

export interface TocEntry {
  section: Section;
  title: string;
  /** First page in the merged PDF (1-based), or null when the item is in the zip only. */
  page: number | null;
  pages: number;
}

/**
 * Page numbers of the table of contents: the cover and the contents come first
 * (`frontPages`), then each part's pages in order; an item not in the PDF gets no page.
 */
export function tableOfContents(frontPages: number, parts: Array<{ section: Section; title: string; pages: number }>): TocEntry[] {
  let next = frontPages + 1;
  return parts.map((p) => {
    const page = p.pages > 0 ? next : null;
    next += p.pages;
    return { section: p.section, title: p.title, page, pages: p.pages };
  });
}
