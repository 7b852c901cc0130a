/**
 * Attachments and evidence (附件与证据), without Strapi: what a file may be, how big, how many,
 * and to what it may be attached. The type is read from the file's first bytes, never from its
 * name or the MIME type the client claims: a program renamed `.pdf` is still refused.
 */

/** What an attachment belongs to: a field of the case type's form, a record of the case, or the case itself. */
export const OWNER_KINDS = ['form-field', 'session', 'visit', 'hearing', 'petition'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

export const OWNER_LABELS: Record<OwnerKind, string> = {
  'form-field': '表单字段',
  session: '调解记录',
  visit: '来访记录',
  hearing: '听证会商',
  petition: '案件材料',
};

/** Limits, stated in the README ("Attachments"): per file, per upload, per field or record, and per case from the petitioner's page. */
export const LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  /** Files on one form field, one record, or the case's own material. */
  perOwner: 20,
  /** Files one request may carry. */
  perUpload: 10,
  /** Files the person may add to one case from /p/ (submission and later material together). */
  publicPerCase: 20,
  /** The petitioner's page: files per phone (or query-code session) and per IP in a window. */
  publicRate: { accountFailures: 10, ipFailures: 30, windowMs: 60 * 60_000 },
} as const;

export type FileKind = { mime: string; ext: string; image: boolean };

const SIGNATURES: { kind: FileKind; at: number; bytes: number[] }[] = [
  { kind: { mime: 'application/pdf', ext: '.pdf', image: false }, at: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { kind: { mime: 'image/jpeg', ext: '.jpg', image: true }, at: 0, bytes: [0xff, 0xd8, 0xff] },
  { kind: { mime: 'image/png', ext: '.png', image: true }, at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: { mime: 'image/webp', ext: '.webp', image: true }, at: 8, bytes: [0x57, 0x45, 0x42, 0x50] }, // RIFF....WEBP
];

/** How many first bytes `sniff` needs. */
export const SNIFF_BYTES = 16;

/** The file's type from its first bytes: PDF, JPEG, PNG or WebP; null for anything else. */
export function sniff(head: Uint8Array): FileKind | null {
  for (const s of SIGNATURES) {
    if (s.kind.mime === 'image/webp' && !(head[0] === 0x52 && head[1] === 0x49 && head[2] === 0x46 && head[3] === 0x46)) continue;
    if (s.bytes.every((b, i) => head[s.at + i] === b)) return s.kind;
  }
  return null;
}

export const ALLOWED_TEXT = 'PDF、JPG、PNG或WebP';

/** A file name fit to show and to put in a header: no path, no control characters, at most 120 characters. */
export function cleanName(original: unknown, ext: string): string {
  const base = String(original ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_')
    .trim()
    .slice(0, 120);
  if (!base || /^\.+$/.test(base)) return `附件${ext}`;
  // The stored type decides the extension shown: a JPEG sent as "x.pdf" downloads as x.pdf.jpg.
  return base.toLowerCase().endsWith(ext) || (ext === '.jpg' && /\.jpe?g$/i.test(base)) ? base : `${base}${ext}`;
}

export type Candidate = { name: string; size: number; head: Uint8Array };
export type Problem = { path: (string | number)[]; message: string };

/**
 * Checks an upload before anything is stored: at least one file, not too many for the owner,
 * each within the size and of an allowed type. Every problem is reported at once, under `field`
 * (the form field's key, or `files`) and the file's index.
 */
export function checkFiles(
  files: Candidate[],
  existing: number,
  field: string,
  limits: { perOwner: number; maxBytes: number } = LIMITS,
): { ok: true; kinds: FileKind[] } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  if (!files.length) return { ok: false, errors: [{ path: [field], message: '请选择要上传的文件' }] };
  if (files.length > LIMITS.perUpload) errors.push({ path: [field], message: `一次最多上传${LIMITS.perUpload}个文件` });
  if (existing + files.length > limits.perOwner) {
    errors.push({ path: [field], message: `附件最多${limits.perOwner}个（已有${existing}个）` });
  }
  const kinds: FileKind[] = [];
  files.forEach((f, i) => {
    const label = `文件“${f.name || i + 1}”`;
    if (!f.size) errors.push({ path: [field, i], message: `${label}是空文件` });
    else if (f.size > limits.maxBytes)
      errors.push({ path: [field, i], message: `${label}超过${Math.round(limits.maxBytes / 1024 / 1024)}MB` });
    const kind = sniff(f.head);
    if (!kind) errors.push({ path: [field, i], message: `${label}不是${ALLOWED_TEXT}文件` });
    else kinds.push(kind);
  });
  return errors.length ? { ok: false, errors } : { ok: true, kinds };
}

/** The owner kind named by a request, or null. */
export const ownerKindOf = (v: unknown): OwnerKind | null =>
  (OWNER_KINDS as readonly string[]).includes(String(v)) ? (v as OwnerKind) : null;

/** The longest withdrawal reason or mark note kept. */
export const REASON_MAX = 500;

/** A required reason (撤回原因, 标注): the trimmed text, or the problem under `field`. */
export function reasonOf(v: unknown, field = 'reason', label = '撤回原因'): { ok: true; text: string } | { ok: false; error: Problem } {
  const text = typeof v === 'string' ? v.trim() : '';
  if (!text) return { ok: false, error: { path: [field], message: `请填写${label}` } };
  if (Array.from(text).length > REASON_MAX) return { ok: false, error: { path: [field], message: `${label}不超过${REASON_MAX}字` } };
  return { ok: true, text };
}

/** What the rules need to know of an attachment and its case to withdraw or replace it. */
export type ChangeSubject = { caseState: string; source: string; withdrawnAt?: unknown; supersededBy?: unknown };

/**
 * Why a desk user may not withdraw (撤回) or replace an attachment — a 409 — or null.
 * A closed case (结案归档) keeps its file as it was closed; the person's own material (/p/) is
 * theirs, staff only mark it; a withdrawn or replaced file is no longer the current one.
 */
export function changeRefusal(a: ChangeSubject, action: 'withdraw' | 'replace'): string | null {
  const verb = action === 'withdraw' ? '撤回' : '替换';
  if (a.caseState === 'closed') return `案件已结案归档，附件不能${verb}`;
  if (a.source === 'public') return `信访人提交的材料不能由工作人员${verb}，只能标注`;
  if (a.withdrawnAt) return '该附件已撤回';
  if (a.supersededBy) return `该附件已被新版本替换，只能${verb}最新版本`;
  return null;
}

/** Whether an attachment is the current one: shown in lists and filed in the case file. */
export const isCurrent = (a: { withdrawnAt?: unknown; supersededBy?: unknown }) => !a.withdrawnAt && !a.supersededBy;

/**
 * Why the signed scan (签署件) of an issued document version may not be withdrawn — a 409 — or
 * null. The scan of a version that nothing supersedes is the record of what the parties signed
 * and is in force: it is not withdrawn (a wrong scan is corrected by uploading the right one,
 * which keeps the old, or by a new version). Only the scan of a version a newer one of the same
 * document supersedes may be withdrawn (e.g. filed on the wrong version), and not once the case
 * is closed.
 */
export function signedScanRefusal(s: { caseState: string; hasScan: boolean; superseded: boolean }): string | null {
  if (s.caseState === 'closed') return '案件已结案归档，签署件不能撤回';
  if (!s.hasScan) return '该文书尚未上传签署件';
  if (!s.superseded) return '这是现行版本文书的签署件，不能撤回；如有误，请重新上传正确的签署件或出具新版本';
  return null;
}
