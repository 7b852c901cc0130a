import type { Core } from '@strapi/strapi';
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { UID } from '../../constants';
import { privateStorage } from './storage';

const FIELDS: Record<string, Record<string, string>> = {
  [UID.generatedDocument]: { file: 'fileKey', signedScan: 'signedScanKey' },
  [UID.documentExport]: { file: 'fileKey' },
};

/**
 * At start: moves issued documents, signed scans and export zips that an earlier version kept
 * in the media library (public/uploads) into private storage, records their keys, and drops
 * their media-library rows and the generated thumbnails. Idempotent: a moved file has no media
 * link left, and a crash between copy and unlink is finished by the next start.
 * Also removes zips that exports used to leave in the system temp directory.
 */
export async function migrateToPrivateStorage(strapi: Core.Strapi): Promise<number> {
  const knex = strapi.db.connection;
  const fileMeta: any = strapi.db.metadata.get(UID.file);
  const morph = fileMeta.attributes.related.joinTable;
  const link = morph.name as string;
  const fileCol = morph.joinColumn.name as string;
  const idCol = morph.morphColumn.idColumn.name as string;
  const typeCol = morph.morphColumn.typeColumn.name as string;
  const storage = privateStorage(strapi);
  const rows = await knex(`${link} as m`)
    .join(`${fileMeta.tableName} as f`, 'f.id', `m.${fileCol}`)
    .whereIn(`m.${typeCol}`, Object.keys(FIELDS))
    .select(
      `m.id as linkId`,
      `m.${idCol} as relatedId`,
      `m.${typeCol} as relatedType`,
      'm.field as field',
      'f.id as fileId',
      'f.url as url',
      'f.mime as mime',
      'f.ext as ext',
      'f.formats as formats',
    );
  let moved = 0;
  for (const r of rows) {
    const keyAttr = FIELDS[r.relatedType]?.[r.field];
    const owner = await strapi.db.query(r.relatedType).findOne({ where: { id: r.relatedId } });
    if (!keyAttr || !owner) continue;
    const ext = String(r.ext || path.extname(r.url) || '.bin').toLowerCase();
    const key =
      r.relatedType === UID.documentExport
        ? `exports/${owner.documentId}.zip`
        : r.field === 'file'
          ? `documents/${owner.verificationCode}.pdf`
          : `signed/${owner.verificationCode}-migrated${ext}`;
    const src = String(r.url).startsWith('/') ? path.join(strapi.dirs.static.public, r.url) : null;
    if (src && !(await storage.exists(key))) {
      const bytes = await fs.readFile(src).catch(() => null);
      if (bytes) await storage.write(key, bytes);
    }
    if (!(await storage.exists(key))) {
      strapi.log.warn(`[documents] ${r.url} of ${r.relatedType} ${owner.documentId} is not on disk; left as it was`);
      continue;
    }
    const data: Record<string, unknown> = { [keyAttr]: key };
    if (keyAttr === 'signedScanKey') data.signedScanMime = r.mime;
    await strapi.db.transaction(async ({ trx }) => {
      await strapi.db.query(r.relatedType).update({ where: { id: r.relatedId }, data });
      await trx(link).where('id', r.linkId).del();
      await trx(link).where(fileCol, r.fileId).del();
      await trx(fileMeta.tableName).where('id', r.fileId).del();
    });
    // The public copies go last: until the row points at the private copy, they are the only one.
    const formats = typeof r.formats === 'string' ? JSON.parse(r.formats || 'null') : r.formats;
    const publicFiles = [r.url, ...Object.values(formats ?? {}).map((f: any) => f?.url)].filter(
      (u) => typeof u === 'string' && u.startsWith('/'),
    );
    for (const u of publicFiles) await fs.rm(path.join(strapi.dirs.static.public, u), { force: true });
    moved += 1;
  }
  if (moved) strapi.log.info(`[documents] moved ${moved} files from public/uploads to private storage (${storage.root})`);
  // Zips the export used to build in the system temp directory (mode 644, personal data); an
  // hour old at least, so an older instance still building one is left alone.
  const tmp = await fs.readdir(os.tmpdir()).catch(() => [] as string[]);
  for (const n of tmp.filter((x) => /^ftdoc-export-[a-z0-9]+\.zip$/.test(x))) {
    const f = path.join(os.tmpdir(), n);
    const st = await fs.stat(f).catch(() => null);
    if (st && Date.now() - st.mtimeMs > 3600_000) await fs.rm(f, { force: true });
  }
  return moved;
}
