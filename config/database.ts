import path from 'path';
import type { Core } from '@strapi/strapi';
import { cacheStatements } from '../src/database/statement-cache';
import { AUTOCHECKPOINT_PAGES } from '../src/database/checkpointer';

/** SQLite by default (file under database/data/, git-ignored); PostgreSQL for scale-out. */
const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  const pool = { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) };

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: env('DATABASE_URL'),
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 5432),
          database: env('DATABASE_NAME', 'fangtiao'),
          user: env('DATABASE_USERNAME', 'fangtiao'),
          password: env('DATABASE_PASSWORD', 'fangtiao'),
          ssl: env.bool('DATABASE_SSL', false) && {
            rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true),
          },
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool,
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }
  if (client !== 'sqlite') {
    throw new Error(`Unsupported DATABASE_CLIENT: ${client}. Use "sqlite" or "postgres".`);
  }
  // __dirname is dist/config once compiled: the app root is two levels up.
  const appRoot = path.join(__dirname, '..', '..');
  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(appRoot, env('DATABASE_FILENAME', 'database/data/fangtiao.db')),
      },
      useNullAsDefault: true,
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      pool: {
        // Write-ahead logging: readers never wait for the writer, and a commit needs one fsync
        // of the log instead of the journal dance (synchronous=NORMAL is safe with WAL).
        afterCreate: (conn: any, done: (err?: Error, conn?: unknown) => void) => {
          conn.pragma('journal_mode = WAL');
          conn.pragma('synchronous = NORMAL');
          // Checkpoints run on a worker thread (src/database/checkpointer.ts); this is the backstop.
          conn.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
          done(undefined, env.bool('FANGTIAO_SQLITE_STATEMENT_CACHE', true) ? cacheStatements(conn) : conn);
        },
      },
    },
  };
};

export default config;
