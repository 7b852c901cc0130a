import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { AUTOCHECKPOINT_PAGES, appCheckpointer } from '../../src/database/checkpointer';

/** SQLite's write-ahead log as the app configures it (the worker that checkpoints it: test/unit/checkpointer.test.ts). */
let strapi: Core.Strapi;
beforeAll(async () => {
  strapi = await startStrapi();
});
afterAll(stopStrapi);

test('the app’s SQLite connection logs ahead, syncs normally and checkpoints only as a backstop; PostgreSQL has none of it', async () => {
  const knex = strapi.db.connection;
  if (strapi.db.dialect.client !== 'sqlite') {
    expect(strapi.db.dialect.client).toBe('postgres');
    expect(appCheckpointer(strapi)).toBeUndefined();
    return;
  }
  expect(appCheckpointer(strapi)).toBeDefined(); // the worker that checkpoints the file
  const one = async (pragma: string) => Object.values((await knex.raw(`PRAGMA ${pragma}`))[0] as Record<string, unknown>)[0];
  expect(await one('journal_mode')).toBe('wal');
  expect(await one('synchronous')).toBe(1); // NORMAL
  expect(await one('wal_autocheckpoint')).toBe(AUTOCHECKPOINT_PAGES);
});
