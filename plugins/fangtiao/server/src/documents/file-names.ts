/**
 * File names of downloaded documents, pure: the case number first, so a folder of downloads
 * sorts by case — `990102-2026-000003-人民调解协议书-v1.pdf`, with the addressee where a
 * subject has several documents of one kind (hearing notices).
 */

export interface NamedDocument {
  referenceNo?: string | null;
  title: string;
  kind: string;
  version: number;
  addressee?: string | null;
}

/** Characters no file system or unzip tool takes in a name, and controls. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;
const clean = (s: string) => s.replace(UNSAFE, '_').trim();

/** `suffix` goes after the version (e.g. -签署件), `asciiSuffix` in its place in the ASCII name (-signed). */
export function documentFileName(d: NamedDocument, suffix = '', ext = '.pdf', asciiSuffix = ''): { name: string; ascii: string } {
  const ref = d.referenceNo ? `${clean(d.referenceNo)}-` : '';
  const who = d.addressee ? `-${clean(d.addressee)}` : '';
  return {
    name: `${ref}${clean(d.title)}${who}-v${d.version}${suffix}${ext}`,
    // For clients that ignore filename*: the kind's English key stands in for the title.
    ascii: `${ref}${d.kind}-v${d.version}${asciiSuffix}${ext}`.replace(/[^A-Za-z0-9._-]/g, '_'),
  };
}

/** RFC 6266: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(name: string, ascii: string): string {
  return `attachment; filename="${ascii.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Makes names unique in order of appearance: a second `x.pdf` becomes `x-2.pdf`, and so on. */
export function uniqueNames(names: string[]): string[] {
  const taken = new Set<string>();
  return names.map((n) => {
    let candidate = n;
    const dot = n.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [n.slice(0, dot), n.slice(dot)] : [n, ''];
    for (let i = 2; taken.has(candidate.toLowerCase()); i += 1) candidate = `${stem}-${i}${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
