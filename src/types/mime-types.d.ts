/** The one function of mime-types (a dependency of @strapi/core) that src/middlewares/body-parser.ts uses. */
declare module 'mime-types' {
  export function lookup(filenameOrExt: string): string | false;
}
