import type { Core } from '@strapi/strapi';
import crypto from 'crypto';
import fs from 'fs/promises';
import path from 'path';

/**
 * Private storage for issued documents, signed scans, export zips and attachments: a directory outside
 * public/ that nothing serves — only the download endpoints read it, inside the caller's
 * jurisdiction. `FANGTIAO_PRIVATE_DIR` (absolute, or relative to the app root); default
 * `database/data/private`, next to the SQLite file and git-ignored with it.
 * Directories are 0700 and files 0600: the bytes carry personal data.
 */
export const PRIVATE_DIR_DEFAULT = 'database/data/private';

/** Keys are `<area>/<name>`, written by us only; anything else is refused, so a key can never leave the root. */
const KEY = /^(documents|signed|exports|replies|attachments|tmp)\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function privateRoot(appRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(appRoot, env.FANGTIAO_PRIVATE_DIR || PRIVATE_DIR_DEFAULT);
}

export function privateStorage(strapi: Core.Strapi) {
  const root = privateRoot(strapi.dirs.app.root);
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new Error(`invalid private storage key: ${key}`);
    return path.join(root, key);
  };
  const dirOf = async (key: string) => {
    const dir = path.dirname(pathOf(key));
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  };
  return {
    root,
    pathOf,
    /** Writes atomically (a temporary name, then rename), mode 0600. */
    async write(key: string, bytes: Buffer) {
      await dirOf(key);
      const tmp = `${pathOf(key)}.${crypto.randomBytes(4).toString('hex')}.part`;
      await fs.writeFile(tmp, bytes, { mode: 0o600 });
      await fs.rename(tmp, pathOf(key));
    },
    read: (key: string) => fs.readFile(pathOf(key)),
    async exists(key: string) {
      return fs.access(pathOf(key)).then(
        () => true,
        () => false,
      );
    },
    remove: (key: string) => fs.rm(pathOf(key), { force: true }),
    /** Moves a finished file (e.g. a zip built under tmp/) to its key, 0600. */
    async moveIn(from: string, key: string) {
      await dirOf(key);
      await fs.chmod(from, 0o600);
      await fs.rename(from, pathOf(key));
    },
    /** A path under tmp/ for work in progress (the directory made 0700). */
    async tmpPath(name: string) {
      const key = `tmp/${name}`;
      await dirOf(key);
      return pathOf(key);
    },
    /** Names under tmp/ starting with `prefix` (temporary files of one piece of work). */
    async tmpFiles(prefix: string) {
      const dir = path.join(root, 'tmp');
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      return names.filter((n) => n.startsWith(prefix)).map((n) => path.join(dir, n));
    },
  };
}
export type PrivateStorage = ReturnType<typeof privateStorage>;
