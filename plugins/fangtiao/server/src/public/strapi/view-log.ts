import type { Core } from '@strapi/strapi';

type Entry = { action: string; targetUid?: string; targetDocumentId?: string | null; detail?: Record<string, unknown> };
type Person = { name: string; ip: string | null };

/** At most this long (or this many entries) between a view and its audit row. */
const FLUSH_MS = 200;
const FLUSH_AT = 200;

/**
 * The audit entries of the person's *reads* (their list, a case's status), written in batches:
 * one insert every 200 ms (or 200 entries) instead of one per read, which was a tenth of a
 * status read's cost. Each entry keeps the time of its read. Actions that change something
 * (login, a reply, a review request, a document opened = delivered) are still written before
 * the answer. A crash loses at most the last 200 ms of views; stopping the app flushes them.
 */
function createViewLog(strapi: Core.Strapi) {
  let queue: Array<{ entry: Entry; person: Person; at: Date }> = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  async function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queue;
    queue = [];
    if (!batch.length) return writing;
    writing = writing
      .then(() => strapi.service('api::audit-entry.audit-entry').recordPeople(batch))
      .catch((e) => strapi.log.error(`[public] ${batch.length} view audit entries not written: ${e?.message ?? e}`));
    return writing;
  }

  return {
    add(entry: Entry, person: Person) {
      queue.push({ entry, person, at: new Date() });
      if (queue.length >= FLUSH_AT) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), FLUSH_MS);
        timer.unref?.();
      }
    },
    flush,
  };
}

const logs = new WeakMap<Core.Strapi, ReturnType<typeof createViewLog>>();
/** The instance's one view log. */
export function viewLog(strapi: Core.Strapi) {
  let log = logs.get(strapi);
  if (!log) logs.set(strapi, (log = createViewLog(strapi)));
  return log;
}
