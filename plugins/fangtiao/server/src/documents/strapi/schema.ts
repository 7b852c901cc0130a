import { SCOPE_ATTRIBUTES } from '../../constants';
import { DOCUMENT_KINDS } from '../index';

/**
 * An issued document (文书): one version of one kind for one case. The PDF and its signed scan
 * live in private storage (storage.ts) under the keys recorded here, never in the media library.
 */
export const generatedDocument = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_documents',
    info: {
      singularName: 'generated-document',
      pluralName: 'generated-documents',
      displayName: '文书 Document',
      description: 'Issued PDF documents: version, SHA-256, verification code, signed scan',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: true }, 'content-type-builder': { visible: false } },
    attributes: {
      kind: { type: 'enumeration', enum: DOCUMENT_KINDS, required: true },
      title: { type: 'string', required: true },
      subjectKey: { type: 'string', required: true },
      version: { type: 'integer', required: true },
      sha256: { type: 'string', required: true },
      verificationCode: { type: 'string', required: true, unique: true },
      issuedAt: { type: 'datetime', required: true },
      issuedBy: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      organisation: { type: 'relation', relation: 'manyToOne', target: 'api::organisation.organisation' },
      /** Who the document is addressed to when a subject has several (a hearing's participants): in file names. */
      addressee: { type: 'string' },
      fileKey: { type: 'string', private: true },
      signedScanKey: { type: 'string', private: true },
      signedScanMime: { type: 'string' },
      signedAt: { type: 'datetime' },
      /** Scans no longer in force — replaced by a new upload or withdrawn — kept, never removed: { key, mime, signedAt, replacedAt | withdrawnAt, by, reason }. */
      earlierScans: { type: 'json', private: true },
      ...SCOPE_ATTRIBUTES,
    },
  },
};

/**
 * A bulk export of documents as a zip, with its progress. The documents are fixed at start
 * (`documentIds`, chosen inside the caller's jurisdiction); the zip is built by a job run
 * under a lease (`document-export`, slot `export:<documentId>`), so a run whose holder dies
 * is taken over and rebuilt by another instance or the next start.
 */
export const documentExport = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_document_exports',
    info: {
      singularName: 'document-export',
      pluralName: 'document-exports',
      displayName: '文书批量导出 Document export',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      status: { type: 'enumeration', enum: ['running', 'done', 'failed'], required: true },
      /** What the zip holds: the issued documents, or one complete case file (一案一档) per case (`documentIds` are then petitions). */
      kind: { type: 'enumeration', enum: ['documents', 'case-files'], default: 'documents' },
      /** How many times the build started (more than one: resumed after a crash). */
      attempts: { type: 'integer', default: 0 },
      total: { type: 'integer', default: 0 },
      done: { type: 'integer', default: 0 },
      error: { type: 'text' },
      filters: { type: 'json' },
      requestedBy: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      documentIds: { type: 'json', private: true },
      fileKey: { type: 'string', private: true },
      organisation: { type: 'relation', relation: 'manyToOne', target: 'api::organisation.organisation' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
