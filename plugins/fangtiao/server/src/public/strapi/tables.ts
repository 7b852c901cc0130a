import type { Core } from '@strapi/strapi';

/**
 * The public channel's own tables, plain SQL rather than content types: no admin or content-API
 * surface, and their rows are secrets or counters (hashed codes, session tokens) that the
 * audit log must not copy. Created at start when missing; the same on SQLite and PostgreSQL.
 */
export const T = {
  otp: 'fangtiao_public_otps',
  session: 'fangtiao_public_sessions',
  queryCode: 'fangtiao_public_query_codes',
  delivery: 'fangtiao_document_deliveries',
  smsLog: 'fangtiao_sms_log',
  infoRequest: 'fangtiao_public_info_requests',
  email: 'fangtiao_public_emails',
} as const;

export async function createPublicTables(strapi: Core.Strapi) {
  // A fresh schema builder per statement: a reused one replays what it built before.
  const s = () => strapi.db.connection.schema;
  if (!(await s().hasTable(T.otp))) {
    await s().createTable(T.otp, (t) => {
      t.increments('id');
      t.string('phone_hash', 128).notNullable();
      t.string('code_salt', 64).notNullable();
      t.string('code_hash', 128).notNullable();
      t.bigInteger('expires_at').notNullable();
      t.integer('attempts').notNullable().defaultTo(0);
      t.bigInteger('used_at');
      t.bigInteger('created_at').notNullable();
      t.index(['phone_hash', 'created_at'], `ix_${T.otp}_phone`);
    });
  }
  if (!(await s().hasTable(T.session))) {
    await s().createTable(T.session, (t) => {
      t.string('token_hash', 128).primary();
      // A phone login sees the cases of that phone; a number + query code login sees that one case.
      t.string('phone_hash', 128);
      t.integer('petition_id');
      // How the audit log names the person: the masked phone, or the case number.
      t.string('label', 64);
      t.bigInteger('expires_at').notNullable();
      t.bigInteger('created_at').notNullable();
      t.string('email_hash', 128);
      t.index(['expires_at'], `ix_${T.session}_expires`);
    });
  }
  // Added with the e-mail login: an e-mail session sees the cases filed with that contact address.
  if (!(await s().hasColumn(T.session, 'email_hash'))) {
    await s().alterTable(T.session, (t) => {
      t.string('email_hash', 128);
    });
  }
  if (!(await s().hasTable(T.email))) {
    await s().createTable(T.email, (t) => {
      // The contact e-mail an online filer gave (its keyed hash only: it serves the e-mail login, nothing else).
      t.integer('petition_id').notNullable();
      t.string('email_hash', 128).notNullable();
      t.bigInteger('created_at').notNullable();
      t.primary(['petition_id', 'email_hash']);
      t.index(['email_hash'], `ix_${T.email}_hash`);
    });
  }
  if (!(await s().hasTable(T.queryCode))) {
    await s().createTable(T.queryCode, (t) => {
      t.integer('petition_id').primary();
      t.string('code_salt', 64).notNullable();
      t.string('code_hash', 128).notNullable();
      t.bigInteger('created_at').notNullable();
    });
  }
  if (!(await s().hasTable(T.delivery))) {
    await s().createTable(T.delivery, (t) => {
      t.increments('id');
      // The issued document (generated-document documentId) and its case; the first opening online is the delivery.
      t.string('document_id', 64).notNullable();
      t.integer('petition_id').notNullable();
      t.string('method', 32).notNullable();
      t.bigInteger('delivered_at').notNullable();
      t.string('recipient_hash', 128);
      t.unique(['document_id', 'method'], { indexName: `ux_${T.delivery}_doc` });
      t.index(['petition_id'], `ix_${T.delivery}_petition`);
    });
  }
  if (!(await s().hasTable(T.smsLog))) {
    await s().createTable(T.smsLog, (t) => {
      t.increments('id');
      t.string('to_phone', 32).notNullable();
      t.string('template', 32).notNullable();
      t.text('params').notNullable();
      t.bigInteger('sent_at').notNullable();
    });
  }
  if (!(await s().hasTable(T.infoRequest))) {
    await s().createTable(T.infoRequest, (t) => {
      t.increments('id');
      // Staff ask (补充材料/信息) with a reply-by date; the person answers once, with an optional file in private storage.
      t.integer('petition_id').notNullable();
      t.text('message').notNullable();
      t.string('reply_by', 10).notNullable();
      t.integer('asked_by');
      t.string('asked_by_name', 128);
      t.bigInteger('asked_at').notNullable();
      t.text('reply_text');
      t.bigInteger('replied_at');
      t.string('file_key', 200);
      t.string('file_name', 200);
      t.string('file_mime', 64);
      t.integer('file_size');
      t.index(['petition_id'], `ix_${T.infoRequest}_petition`);
    });
  }
}
