/**
 * Strapi's document service hands every write to `entry.*` event listeners (webhooks, EE audit
 * logs). To do so it re-reads the written entry after the commit with every relation populated:
 * for a petition that is nine queries, and a deep output sanitize, on every create and update —
 * a third of a registration's statements — whether anything listens or not (`@strapi/core`
 * `document-service/events.js`). Here the re-read runs only when something listens for that
 * event: a webhook registered for it (the webhook runner listens per event with `eventHub.on`),
 * another `on` listener, or any `subscribe`r. Configure a webhook in the admin panel and its events
 * carry the full entry as before. `FANGTIAO_ENTRY_EVENTS=always` restores Strapi's behaviour.
 *
 * How: the repository builds its event manager through the events module's export when a
 * content type's repository is first made, so the export is wrapped before any is made (the
 * app's `register`). Listeners are tracked by wrapping the event hub's methods at the same time;
 * nothing in Strapi CE listens earlier. Enterprise builds (audit logs subscribe at start-up) are
 * left as they are.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';

type Listener = (...args: unknown[]) => unknown;
type EventManager = { emitEvent: (eventName: string, entry: unknown) => void };
type EventsModule = { createEventManager: (strapi: Core.Strapi, uid: string) => EventManager };
type Hub = Record<'on' | 'off' | 'subscribe' | 'unsubscribe' | 'removeAllListeners' | 'removeAllSubscribers', (...a: any[]) => any>;

/** Who listens on each tracked hub: named listeners by event, and subscribers to every event. */
const audiences = new WeakMap<object, { named: Map<string, Set<Listener>>; subscribers: Set<Listener> }>();

/** Whether an `eventName` emitted on `hub` reaches anyone; an untracked hub always counts as heard. */
export function isHeard(hub: object, eventName: string): boolean {
  const audience = audiences.get(hub);
  if (!audience) return true;
  return audience.subscribers.size > 0 || (audience.named.get(eventName)?.size ?? 0) > 0;
}

/** Records who listens on the hub, through its own methods (so `once`, `addListener` and the returned removers count too). */
function trackListeners(hub: Hub): void {
  if (audiences.has(hub)) return;
  const audience = { named: new Map<string, Set<Listener>>(), subscribers: new Set<Listener>() };
  audiences.set(hub, audience);
  const { on, off, subscribe, unsubscribe, removeAllListeners, removeAllSubscribers } = hub;
  hub.on = (eventName: string, listener: Listener) => {
    if (!audience.named.has(eventName)) audience.named.set(eventName, new Set());
    audience.named.get(eventName)!.add(listener);
    return on(eventName, listener);
  };
  hub.off = (eventName: string, listener: Listener) => {
    audience.named.get(eventName)?.delete(listener);
    return off(eventName, listener);
  };
  hub.subscribe = (subscriber: Listener) => {
    audience.subscribers.add(subscriber);
    return subscribe(subscriber);
  };
  hub.unsubscribe = (subscriber: Listener) => {
    audience.subscribers.delete(subscriber);
    return unsubscribe(subscriber);
  };
  hub.removeAllListeners = () => {
    audience.named.clear();
    return removeAllListeners();
  };
  hub.removeAllSubscribers = () => {
    // Strapi's own default subscriber goes too: nothing is heard after this.
    audience.subscribers.clear();
    return removeAllSubscribers();
  };
}

const eventsModule = (): EventsModule =>
  // By file: the package's `exports` do not list it. The same file (and module instance) the
  // document service's repository requires as './events.js'.
  require(path.join(path.dirname(require.resolve('@strapi/core/package.json')), 'dist', 'services', 'document-service', 'events.js'));

let wrapped = false;

/** Installs both halves; call from the app's `register`, before any document is read or written. */
export function emitEntryEventsOnlyWhenHeard(strapi: Core.Strapi): boolean {
  if (process.env.FANGTIAO_ENTRY_EVENTS === 'always' || (strapi as any).EE) return false;
  trackListeners(strapi.eventHub as unknown as Hub);
  if (wrapped) return true;
  const events = eventsModule();
  const create = events.createEventManager;
  events.createEventManager = (instance, uid) => {
    const manager = create(instance, uid);
    // Two parameters: the repository curries it.
    return { emitEvent: (eventName: string, entry: unknown) => (isHeard(instance.eventHub, eventName) ? manager.emitEvent(eventName, entry) : undefined) };
  };
  wrapped = true;
  return true;
}

/**
 * Emits a document-service entry event (`entry.create` …) for a write made below the document
 * service (jurisdiction/create-in-scope), as the document service would have: to webhooks and
 * other listeners, with the entry re-read after the commit — and only when someone listens.
 */
export function emitEntryEvent(strapi: Core.Strapi, uid: string, eventName: string, entry: unknown): void {
  if (!isHeard(strapi.eventHub, eventName)) return;
  // One manager per type and app, as each repository keeps one: it works out the deep populate once.
  const managers = emitters.get(strapi) ?? emitters.set(strapi, new Map()).get(strapi)!;
  if (!managers.has(uid)) managers.set(uid, eventsModule().createEventManager(strapi, uid));
  managers.get(uid)!.emitEvent(eventName, entry);
}
const emitters = new WeakMap<Core.Strapi, Map<string, EventManager>>();
