/**
 * Issued documents, signed scans and export zips live in private storage, outside public/
 * (plugins/fangtiao/server/src/documents/strapi/storage.ts), so nothing under /uploads serves
 * them. Credit-objection attachments still sit in the media library under the `ftdoc` prefix:
 * this guard, placed before strapi::public, answers 404 for any path that names one however it
 * is spelled — percent-encoded, with doubled or backslashed separators, dot segments, other
 * case, trailing dots or spaces.
 */
const PRIVATE = 'ftdoc';

function decodeFully(p: string): string {
  let s = p;
  for (let i = 0; i < 3; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(s);
    } catch {
      return s;
    }
    if (next === s) break;
    s = next;
  }
  return s;
}

export function namesPrivateUpload(rawPath: string): boolean {
  return decodeFully(rawPath).replace(/\\/g, '/').toLowerCase().includes(PRIVATE);
}

export default () => async (ctx: any, next: () => Promise<void>) => {
  // API routes are routed on their own path (a query may well contain the word); everything else is not served.
  if (!ctx.path.startsWith('/api/') && namesPrivateUpload(ctx.path)) {
    ctx.status = 404;
    return;
  }
  await next();
};
