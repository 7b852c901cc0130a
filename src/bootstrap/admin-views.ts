import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

/**
 * The audit log's list in the admin panel: who did what to which record, newest first.
 * Set once (while the list still has Strapi's default columns), so an admin's own choice stays.
 */
export async function configureAuditLogView(strapi: Core.Strapi) {
  const contentTypes = strapi.plugin('content-manager').service('content-types');
  const conf = await contentTypes.findConfiguration({ uid: UID.auditEntry });
  if (!conf?.layouts?.list || conf.layouts.list[0] !== 'id') return;
  await contentTypes.updateConfiguration(
    { uid: UID.auditEntry },
    {
      settings: { ...conf.settings, defaultSortBy: 'at', defaultSortOrder: 'DESC', pageSize: 50 },
      metadatas: conf.metadatas,
      layouts: { ...conf.layouts, list: ['at', 'actorName', 'role', 'organisationCode', 'action', 'targetUid', 'targetDocumentId', 'ip'] },
    },
  );
}
