/** Model UIDs of the plugin and the app models it works with. */
export const PLUGIN_ID = 'fangtiao';
export const UID = {
  generatedDocument: 'plugin::fangtiao.generated-document',
  documentExport: 'plugin::fangtiao.document-export',
  petition: 'api::petition.petition',
  organisation: 'api::organisation.organisation',
  caseType: 'api::case-type.case-type',
  committee: 'api::committee.committee',
  auditEntry: 'api::audit-entry.audit-entry',
  file: 'plugin::upload.file',
} as const;

/** The scope columns every scoped model carries (see the app's src/jurisdiction). */
export const SCOPE_ATTRIBUTES = {
  cityCode: { type: 'string', private: true, configurable: false },
  countyCode: { type: 'string', private: true, configurable: false },
  townshipCode: { type: 'string', private: true, configurable: false },
  villageCode: { type: 'string', private: true, configurable: false },
} as const;
