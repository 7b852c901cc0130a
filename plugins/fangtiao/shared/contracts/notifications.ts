/** The caller's own inbox (站内通知) and how they want to be told by e-mail. */
import type { PageQuery, Pagination, Row } from './common';

export type Notification = Row<{
  read?: boolean;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}>;

/** What the caller saves: per kind of notice, e-mail or not; `digest`: one e-mail a day instead of one each. */
export interface Preferences {
  email: Record<string, boolean>;
  digest: boolean;
}

/** The preferences as shown: every kind of notice with its label. */
export interface PreferencesView {
  digest: boolean;
  kinds: { kind: string; label: string; email: boolean }[];
}

/** GET /api/notifications?unread= */
export declare namespace GetInbox {
  export interface Request {
    query: PageQuery & { unread?: string };
  }
  export interface Response {
    data: Notification[];
    meta: { pagination: Pagination; unread: number };
  }
}

/** GET and PUT /api/notifications/preferences (PUT: `{ data: Preferences }` or the preferences themselves). */
export declare namespace NotificationPreferences {
  export interface Request {
    body: { data: Partial<Preferences> } | Partial<Preferences>;
  }
  export interface Response {
    data: PreferencesView;
  }
}

/** POST /api/notifications/:id/read */
export declare namespace MarkRead {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Notification;
  }
}
