import { koaBody, type KoaBodyMiddlewareOptions } from 'koa-body';
import { lookup } from 'mime-types';
import type { Context, Next } from 'koa';

type File = { name?: string; originalFilename?: string | null; type?: string };

/** In case the client sent no mime type, it is guessed from the file name, as strapi::body does. */
function ensureFileMimeType(file: File) {
  if (!file.type) file.type = lookup(file.name ?? file.originalFilename ?? '') || 'application/octet-stream';
}

/**
 * The request body parser: strapi::body (@strapi/core middlewares/body.js) with its parser built
 * once. Strapi's builds koa-body's middleware anew for every request, GETs included, and koa-body
 * checks its options with zod each time it is built. Measured by alternating builds on the demo
 * data, a petitions list page went from 4.7–4.9 to 3.6–3.8 ms of CPU (README "Benchmarks"); every
 * request pays the same. Same defaults (multipart,
 * patchKoa), the same options from config/middlewares.ts, the same mime guess for uploads and the
 * same 413 for a file over the size limit. The temporary files go in global::multipart-cleanup.
 */
export default (config: Partial<KoaBodyMiddlewareOptions> = {}) => {
  const parse = koaBody({ multipart: true, patchKoa: true, ...config });
  return async (ctx: Context & { payloadTooLarge(message: string): void }, next: Next) => {
    try {
      await parse(ctx, async () => {});
      const files = (ctx.request as { files?: Record<string, File | File[]> }).files?.files;
      if (files) for (const f of Array.isArray(files) ? files : [files]) ensureFileMimeType(f);
      await next();
    } catch (error) {
      if (error instanceof Error && error.message?.includes('maxFileSize') && error.message.includes('exceeded')) {
        return ctx.payloadTooLarge('FileTooBig');
      }
      throw error;
    }
  };
};
