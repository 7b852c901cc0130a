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
    },
  },
};
