import type { Modules, Schema } from '@strapi/strapi';

/** A document-service middleware, as Strapi types it (`strapi.documents.use`). */
export type DocumentMiddleware = Modules.Documents.Middleware.Middleware;

/**
 * The context our middlewares read: Strapi's is a union over every content type and action, whose
 * `params` differ by action; ours look at the same few keys of any of them (the data written, the
 * document, the read's filters and populate), so they read them through this one shape.
 */
export type DocumentContext = {
  uid: string;
  action: string;
  contentType: Schema.ContentType;
  params: { data?: Record<string, any>; documentId?: string; filters?: unknown; populate?: unknown; [key: string]: unknown };
};
