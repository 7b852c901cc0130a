import { SCOPE_ATTRIBUTES } from '../../constants';

/**
 * A built case file (一案一档): one version per build, the merged PDF and the zip in private
 * storage under the keys recorded here. Scoped through its petition.
 */
export const caseFile = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_case_files',
    info: { singularName: 'case-file', pluralName: 'case-files', displayName: '一案一档 Case file' },
    options: { draftAndPublish: false },
    pluginOptions: {
      'content-manager': { visible: false },
      'content-type-builder': { visible: false },
      fangtiao: { scopeFrom: 'petition' },
    },
    attributes: {
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      version: { type: 'integer', required: true },
      pages: { type: 'integer' },
      items: { type: 'integer' },
      sha256: { type: 'string' },
      builtAt: { type: 'datetime', required: true },
      builtBy: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      pdfName: { type: 'string' },
      zipName: { type: 'string' },
      pdfKey: { type: 'string', private: true },
      zipKey: { type: 'string', private: true },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
