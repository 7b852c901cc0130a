export const NOTIFICATION_UID = 'plugin::fangtiao.notification' as const;

/**
 * An in-app notice to one user (the desk's inbox). `userId` is a plain indexed id, not a
 * relation, so warnings can notify their recipients in one INSERT … SELECT. Not scoped:
 * a user reads only its own.
 */
export const notification = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_notifications',
    info: {
      singularName: 'notification',
      pluralName: 'notifications',
      displayName: '站内通知 Notification',
      description: "A notice in a user's inbox (warnings, escalations, reminders, handovers)",
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: true }, 'content-type-builder': { visible: false } },
    attributes: {
      userId: { type: 'integer', required: true },
      kind: { type: 'string' },
      title: { type: 'string', required: true },
      body: { type: 'text' },
      link: { type: 'string' },
      readAt: { type: 'datetime' },
      emailedAt: { type: 'datetime' },
      warningRef: { type: 'integer', private: true },
      batch: { type: 'string', private: true },
      /** Once-only events (a deadline reminder): the same key is never notified twice to a user. */
      dedupKey: { type: 'string', private: true },
    },
  },
};

export const NOTIFICATION_PREFERENCE_UID = 'plugin::fangtiao.notification-preference' as const;

/** A user's e-mail choices: per kind on/off (absent = on) and the daily digest instead of one e-mail each. */
export const notificationPreference = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_notification_preferences',
    info: {
      singularName: 'notification-preference',
      pluralName: 'notification-preferences',
      displayName: '通知设置 Notification preference',
      description: "A user's e-mail choices for notifications",
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      userId: { type: 'integer', required: true, unique: true },
      email: { type: 'json' },
      digest: { type: 'boolean', default: false },
      digestedAt: { type: 'datetime' },
    },
  },
};
