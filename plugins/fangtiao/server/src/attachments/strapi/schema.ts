import { SCOPE_ATTRIBUTES } from '../../constants';
import { OWNER_KINDS } from '../rules';

/**
 * One attached file (附件/证据): to a form field, a session, a visit, a hearing or the case
 * itself. Scoped like its case (`scopeFrom: petition`, in the kernel's case-data list). The bytes
 * live in private storage under `fileKey` (a thumbnail of an image under `thumbKey`), never in
 * the media library.
 */
export const attachment = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_attachments',
    info: {
      singularName: 'attachment',
      pluralName: 'attachments',
      displayName: '附件 Attachment',
      description: 'Evidence and attachments of a case, stored privately',
    },
    options: { draftAndPublish: false },
    pluginOptions: {
      fangtiao: { scopeFrom: 'petition' },
      'content-manager': { visible: false },
      'content-type-builder': { visible: false },
    },
    attributes: {
      ownerKind: { type: 'enumeration', enum: OWNER_KINDS, required: true },
      ownerDocumentId: { type: 'string', required: true },
      /** The form field's key (owner kind form-field). */
      field: { type: 'string' },
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      name: { type: 'string', required: true },
      mime: { type: 'string', required: true },
      size: { type: 'integer', required: true },
      sha256: { type: 'string', required: true },
      fileKey: { type: 'string', private: true, required: true },
      thumbKey: { type: 'string', private: true },
      uploadedBy: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      /** desk (a user) or public (the person, from /p/). */
      source: { type: 'enumeration', enum: ['desk', 'public'], required: true, default: 'desk' },
      /** Who uploaded from /p/, as the audit log names them (手机138****0001). */
      publicActor: { type: 'string' },
      /** Versions (替换): a replacement is version n+1 of the same chain; the old row stays, superseded. */
      version: { type: 'integer', default: 1 },
      /** The first version's documentId: every version of one file shares it. */
      chain: { type: 'string' },
      supersededBy: { type: 'string' },
      supersededAt: { type: 'datetime' },
      /** Withdrawal (撤回): the row and the file stay, hidden from lists and the case file. */
      withdrawnAt: { type: 'datetime' },
      withdrawnBy: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      withdrawalReason: { type: 'text' },
      /** A staff note on the person's own material (which staff may not withdraw): 标注. */
      markNote: { type: 'text' },
      markedAt: { type: 'datetime' },
      markedBy: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
