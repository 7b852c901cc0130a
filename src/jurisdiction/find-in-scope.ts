import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/**
 * The one scoped look-up of a record by documentId: through the document service, so the
 * jurisdiction middleware, the query guard and the query-engine hook all apply; absent or out
 * of scope alike is a 404 (a caller learns nothing of another county's records). Replaces the
 * hand-made `documents().findOne` + `if (!p) throw` probes modules used to write.
 */
export async function findInScope<T = any>(
  strapi: Core.Strapi,
  uid: string,
  documentId: unknown,
  params: { fields?: string[]; populate?: unknown } = {},
  notFound = '记录不存在',
): Promise<T> {
  const id = typeof documentId === 'string' ? documentId : documentId == null ? '' : String(documentId);
  const row = id ? await strapi.documents(uid as StrapiUID.ContentType).findOne({ documentId: id, ...(params as any) }) : null;
  if (!row) throw new errors.NotFoundError(notFound);
  return row as T;
}
