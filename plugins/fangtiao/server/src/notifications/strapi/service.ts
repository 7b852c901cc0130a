import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { formatDateTime } from '@fangtiao/kernel/pure';
import { NOTIFICATION_PREFERENCE_UID, NOTIFICATION_UID } from './schema';
import { pageOf, paginationMeta } from '../../pagination';
import { throwIfInvalid } from '@fangtiao/kernel';
import { checkPreferences, deadlineKey, deadlineWindow, digestText, emailMode, preferencesView, type Preferences } from '../rules';
import { CLOSED_STATES } from '../../warnings/rules';
import { UID } from '../../constants';

const N = NOTIFICATION_UID;
const PREF = NOTIFICATION_PREFERENCE_UID;
const USER = 'plugin::users-permissions.user';
type Message = { kind: string; title: string; body?: string; link?: string };

function mailer(strapi: Core.Strapi): any {
  if (process.env.FANGTIAO_EMAIL === 'false') return null;
  try {
    return strapi.plugin('email')?.service('email') ?? null;
  } catch {
    return null;
  }
}
const FIELDS = ['kind', 'title', 'body', 'link', 'readAt', 'createdAt'];

/** The in-app inbox and email. Email failures are logged, never thrown. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Notifies users in the inbox (always) and by e-mail (as each prefers). Never throws: callers
   * notify after their transaction has committed, and a failed notice must not fail their move.
   * With `dedupKey`, a user who already had a notice under that key gets none.
   */
  async notify(userIds: Array<number | null | undefined>, message: Message, email = true, opts: { dedupKey?: string } = {}) {
    try {
      let ids = [...new Set(userIds.filter((x): x is number => Number.isInteger(x)))];
      if (opts.dedupKey && ids.length) {
        const had = await strapi.db.query(N).findMany({ where: { dedupKey: opts.dedupKey, userId: { $in: ids } }, select: ['userId'] });
        const seen = new Set(had.map((r) => r.userId));
        ids = ids.filter((x) => !seen.has(x));
      }
      if (!ids.length) return 0;
      const batch = `n-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const dedup = opts.dedupKey ? { dedupKey: opts.dedupKey } : {};
      await strapi.db
        .query(N)
        .createMany({ data: ids.map((userId) => ({ userId, ...message, ...dedup, batch, publishedAt: new Date() })) });
      if (email) this.emailBatch(batch);
      return ids.length;
    } catch (e: any) {
      strapi.log.warn(`[notifications] notify (${message.kind}) failed: ${e?.message ?? e}`);
      return 0;
    }
  },

  /** The caller's e-mail choices, every listed kind with its label. */
  async preferences(userId: number) {
    return preferencesView(await this.storedPreferences(userId));
  },

  async storedPreferences(userId: number): Promise<Preferences | null> {
    const row = await strapi.db.query(PREF).findOne({ where: { userId }, select: ['email', 'digest'] });
    return row ? { email: row.email ?? {}, digest: !!row.digest } : null;
  },

  /** Saves the caller's choices (a partial body changes only what it names); 400 naming the field. */
  async savePreferences(userId: number, input: unknown) {
    const current = await this.storedPreferences(userId);
    const { value, errors: problems } = checkPreferences(input, current);
    throwIfInvalid(problems);
    const existing = await strapi.db.query(PREF).findOne({ where: { userId }, select: ['id'] });
    if (existing) await strapi.db.query(PREF).update({ where: { id: existing.id }, data: value! });
    else await strapi.db.query(PREF).create({ data: { userId, ...value! } });
    return preferencesView(value);
  },

  async inbox(userId: number, query: Record<string, any> = {}) {
    const where: Record<string, any> = { userId };
    if (query.unread === 'true' || query.unread === true) where.readAt = { $null: true };
    const page = pageOf(query);
    const [results, total, unread] = await Promise.all([
      strapi.db.query(N).findMany({
        where,
        select: ['documentId', ...FIELDS],
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        offset: page.start,
        limit: page.limit,
      }),
      strapi.db.query(N).count({ where }),
      strapi.db.query(N).count({ where: { userId, readAt: { $null: true } } }),
    ]);
    return { results, pagination: paginationMeta(page, total), unread };
  },

  /** Marks one of the caller's own notifications read; anyone else's is 404. */
  async markRead(userId: number, documentId: string) {
    const n = await strapi.db.query(N).findOne({ where: { documentId, userId }, select: ['id', 'readAt'] });
    if (!n) throw new errors.NotFoundError('通知不存在');
    if (!n.readAt) await strapi.db.query(N).update({ where: { id: n.id }, data: { readAt: new Date() } });
    return strapi.db.query(N).findOne({ where: { id: n.id }, select: ['documentId', ...FIELDS] });
  },

  /**
   * Emails the notifications of a batch to their users, in the background, as each prefers:
   * one message per notification, nothing for a kind turned off, and nothing yet for a user on
   * the daily digest (sendDigests picks those up). Failures (no SMTP) are logged.
   */
  emailBatch(batch: string) {
    const send = async () => {
      const email = mailer(strapi);
      if (!email) return;
      const rows = await strapi.db.connection
        .select({ id: 'n.id', kind: 'n.kind', title: 'n.title', body: 'n.body', link: 'n.link', email: 'u.email', userId: 'n.user_id' })
        .from({ n: strapi.db.metadata.get(N).tableName })
        .join({ u: strapi.db.metadata.get(USER).tableName }, 'u.id', 'n.user_id')
        .where('n.batch', batch)
        .whereNotNull('u.email')
        .limit(1000);
      const prefs = await this.preferencesOf([...new Set(rows.map((r) => r.userId))]);
      for (const r of rows) {
        if (emailMode(prefs.get(r.userId), r.kind) !== 'now') continue;
        try {
          await email.send({ to: r.email, subject: `[访调] ${r.title}`, text: `${r.body ?? ''}\n\n${this.absolute(r.link)}` });
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

  absolute(link: string | null | undefined) {
    if (!link) return '';
    return `${String(strapi.config.get('server.url') ?? '').replace(/\/$/, '')}${link}`;
  },

  async preferencesOf(userIds: number[]): Promise<Map<number, Preferences>> {
    if (!userIds.length) return new Map();
    const rows = await strapi.db.query(PREF).findMany({ where: { userId: { $in: userIds } }, select: ['userId', 'email', 'digest'] });
    return new Map(rows.map((r) => [r.userId, { email: r.email ?? {}, digest: !!r.digest }]));
  },

  /**
   * The daily digest (job 'notification-digest', once per cluster): for each user on the digest,
   * one e-mail with every notification not yet e-mailed of a kind they want by e-mail (the
   * last 7 days). Each notification goes in one digest only: it is marked e-mailed on sending.
   */
  async sendDigests(now: Date = new Date()): Promise<number> {
    const email = mailer(strapi);
    if (!email) return 0;
    const users = await strapi.db.query(PREF).findMany({ where: { digest: true }, select: ['id', 'userId', 'email', 'digest'] });
    let sent = 0;
    for (const pref of users) {
      const user = await strapi.db.query(USER).findOne({ where: { id: pref.userId }, select: ['email'] });
      if (!user?.email) continue;
      const rows = await strapi.db.query(N).findMany({
        where: {
          userId: pref.userId,
          emailedAt: { $null: true },
          createdAt: { $gte: new Date(now.getTime() - 7 * 86_400_000), $lte: now },
        },
        select: ['id', 'kind', 'title', 'body', 'link', 'createdAt'],
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        limit: 500,
      });
      const wanted = rows.filter((r) => emailMode({ email: pref.email ?? {}, digest: true }, r.kind) === 'digest');
      if (!wanted.length) continue;
      try {
        await email.send({
          to: user.email,
          subject: `[访调] 每日通知汇总（${wanted.length}条）`,
          text: digestText(wanted, String(strapi.config.get('server.url') ?? '').replace(/\/$/, ''), formatDateTime),
        });
        await strapi.db.query(N).updateMany({ where: { id: { $in: wanted.map((r) => r.id) } }, data: { emailedAt: now } });
        await strapi.db.query(PREF).update({ where: { id: pref.id }, data: { digestedAt: now } });
        sent += 1;
      } catch (e: any) {
        strapi.log.warn(`[notifications] digest to user ${pref.userId} failed: ${e?.message ?? e}`);
      }
    }
    return sent;
  },

  /**
   * Deadline reminders (job 'deadline-reminders', daily): each open case whose current deadline
   * falls within the next 3 Shanghai days tells its clerk, mediator and leader, once per deadline
   * (an extended deadline is a new one). Overdue cases are the warnings' business (deadline-overdue).
   */
  async remindDeadlines(now: Date = new Date()): Promise<number> {
    const { from, to } = deadlineWindow(now);
    const rows = await strapi.db.query(UID.petition).findMany({
      where: { dueAt: { $gt: from, $lt: to }, state: { $notIn: CLOSED_STATES } },
      select: ['id', 'documentId', 'referenceNo', 'subject', 'dueAt'],
      populate: { assignedClerk: { select: ['id'] }, mediator: { select: ['id'] }, leader: { select: ['id'] } },
      limit: 5000,
    });
    let n = 0;
    for (const p of rows) {
      n += await this.notify(
        [p.assignedClerk?.id, p.mediator?.id, p.leader?.id],
        {
          kind: 'deadline',
          title: `办理期限临近：${p.referenceNo ?? ''}，${formatDateTime(new Date(p.dueAt))}到期`,
          body: `${p.subject ?? ''}`,
          link: `/desk/#/case/${p.documentId}`,
        },
        true,
        { dedupKey: deadlineKey(p.id, p.dueAt) },
      );
    }
    return n;
  },
});
