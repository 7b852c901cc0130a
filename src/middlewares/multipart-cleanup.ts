import fs from 'fs/promises';

/**
 * The body parser's temporary copies of uploaded files go when the request ends, however it
 * ends. Strapi's own clean-up covers only a field named `files`, and only when nothing threw:
 * a refused upload (401, 403, 404, 400) would otherwise leave its file in the system temp
 * directory. Placed before strapi::body, so it runs after it on every path.
 */
export default () => async (ctx: any, next: () => Promise<void>) => {
  try {
    await next();
  } finally {
    const files = ctx.request?.files ? Object.values(ctx.request.files).flat() : [];
    await Promise.all(files.map((f: any) => (f?.filepath ? fs.rm(f.filepath, { force: true }) : undefined)));
  }
};
