import type { Core } from '@strapi/strapi';
import { currentCaller, requestCtx } from '../../../jurisdiction/current';
import { insertEntries, type EntryRow } from './entry-insert';

export type AuditInput = {
  action: string;
  targetUid?: string;
  targetDocumentId?: string | null;
  detail?: Record<string, unknown>;
};

/**
 * The audit log (审计日志). Entries are written below the query engine (entry-insert.ts) and the document
 * service, whose middleware refuses every write to this model: nothing but this service
 * can add to it, and nothing can change or delete it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async actor() {
    const ctx = requestCtx(strapi);
    const ip = ctx?.request?.ip ?? null;
    const caller = await currentCaller(strapi, ctx);
    if (caller) {
      return {
        actorType: 'user',
        actorId: caller.id,
        actorName: caller.username,
        role: caller.role,
        organisationCode: caller.jurisdiction?.code ?? null,
        ip,
      };
    }
    const admin = ctx?.state?.auth?.strategy?.name === 'admin' ? ctx.state.user : null;
    if (admin) {
      return { actorType: 'admin', actorId: admin.id, actorName: admin.email, role: 'admin', organisationCode: null, ip };
    }
    return { actorType: 'system', actorId: null, actorName: 'system', role: null, organisationCode: null, ip };
  },

  /**
   * `person`: the person on their own page (/p/), who has no account — named by the masked phone
   * or the case number they opened, with their IP. Given explicitly: the request context is not
   * always carried through the database pool's queue.
   */
  /** Entries of several people on their own pages at once, in one insert (the public channel's batched views). */
  async recordPeople(list: Array<{ entry: AuditInput; person: { name: string; ip: string | null }; at: Date }>) {
    if (!list.length) return;
    await insertEntries(
      strapi,
      list.map(({ entry: e, person, at }) => ({
        actorType: 'public',
        actorId: null,
        actorName: person.name,
        role: 'petitioner',
        organisationCode: null,
        ip: person.ip,
        at,
        action: e.action,
        targetUid: e.targetUid ?? null,
        targetDocumentId: e.targetDocumentId ?? null,
        detail: e.detail ?? null,
      })),
    );
  },

  async record(entries: AuditInput | AuditInput[], person?: { name: string; ip: string | null }) {
    const list = Array.isArray(entries) ? entries : [entries];
    if (!list.length) return;
    const actor: Pick<EntryRow, 'actorType' | 'actorId' | 'actorName' | 'role' | 'organisationCode' | 'ip'> = person
      ? { actorType: 'public', actorId: null, actorName: person.name, role: 'petitioner', organisationCode: null, ip: person.ip }
      : await this.actor();
    const at = new Date();
    await insertEntries(
      strapi,
      list.map((e) => ({
        ...actor,
        at,
        action: e.action,
        targetUid: e.targetUid ?? null,
        targetDocumentId: e.targetDocumentId ?? null,
        detail: e.detail ?? null,
      })),
    );
  },
});
