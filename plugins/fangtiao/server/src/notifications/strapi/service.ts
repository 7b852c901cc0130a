import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { NOTIFICATION_UID } from './schema';
import { pageOf, paginationMeta } from '../../pagination';

const N = NOTIFICATION_UID as any;
const FIELDS = ['kind', 'title', 'body', 'link', 'readAt', 'createdAt'];

/** The in-app inbox and email. Email failures are logged, never thrown. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async notify(userIds: number[], message: { kind: string; title: string; body?: string; link?: string }, email = true) {
    const ids = [...new Set(userIds.filter((x) => Number.isInteger(x)))];
    if (!ids.length) return 0;
    const batch = `n-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await strapi.db.query(N).createMany({ data: ids.map((userId) => ({ userId, ...message, batch, publishedAt: new Date() })) });
    if (email) this.emailBatch(batch);
    return ids.length;
  },

  async inbox(userId: number, query: Record<string, any> = {}) {
    const where: Record<string, any> = { userId };
    if (query.unread === 'true' || query.unread === true) where.readAt = { $null: true };
    const page = pageOf(query);
    const [results, total, unread] = await Promise.all([
      strapi.db.query(N).findMany({ where, select: ['documentId', ...FIELDS], orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset: page.start, limit: page.limit }),
      strapi.db.query(N).count({ where }),
      strapi.db.query(N).count({ where: { userId, readAt: { $null: true } } }),
    ]);
    return { results, pagination: paginationMeta(page, total), unread };
  },

  /** Marks one of the caller's own notifications read; anyone else's is 404. */
  async markRead(userId: number, documentId: string) {
    const n: any = await strapi.db.query(N).findOne({ where: { documentId, userId }, select: ['id', 'readAt'] });
    if (!n) throw new errors.NotFoundError('通知不存在');
    if (!n.readAt) await strapi.db.query(N).update({ where: { id: n.id }, data: { readAt: new Date() } });
    return strapi.db.query(N).findOne({ where: { id: n.id }, select: ['documentId', ...FIELDS] });
  },

  /**
   * Emails the notifications of a batch to their users, in the background: one message per
   * notification whose user has an email address. Failures (no SMTP) are logged.
   */
  emailBatch(batch: string) {
    const send = async () => {
      const rows: any[] = await strapi.db.connection
        .select({ id: 'n.id', title: 'n.title', body: 'n.body', link: 'n.link', email: 'u.email' })
        .from({ n: strapi.db.metadata.get(N).tableName })
        .join({ u: strapi.db.metadata.get('plugin::users-permissions.user' as any).tableName }, 'u.id', 'n.user_id')
        .where('n.batch', batch)
        .whereNotNull('u.email')
        .limit(1000);
      let email: any;
      try {
        email = strapi.plugin('email')?.service('email');
      } catch {
        email = null;
      }
      if (!email) return;
      for (const r of rows) {
        try {
          await email.send({ to: r.email, subject: `[访调] ${r.title}`, text: `${r.body ?? ''}\n\n${r.link ?? ''}` });
          await strapi.db.query(N).update({ where: { id: r.id }, data: { emailedAt: new Date() } });
        } catch (e: any) {
          strapi.log.warn(`[notifications] email to user of notification ${r.id} failed: ${e?.message ?? e}`);
        }
      }
    };
    if (process.env.FANGTIAO_EMAIL === 'false') return;
    setImmediate(() => {
      send().catch((e) => strapi.log.warn(`[notifications] email batch ${batch}: ${e?.message ?? e}`));
    });
  },
});
