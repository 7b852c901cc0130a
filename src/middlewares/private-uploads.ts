/**
 * Issued documents live in the media library, but their files must not be public: the
 * only way to them is the document download route, inside the case's jurisdiction.
 * Placed before strapi::public, this answers 404 for them under /uploads.
 */
export default () => async (ctx: any, next: () => Promise<void>) => {
  if (ctx.path.startsWith('/uploads/ftdoc')) {
    ctx.status = 404;
    return;
  }
  await next();
};
