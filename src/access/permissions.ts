/** Module access/: roles' permissions, JWT key, sessions, login throttling, caller caches. Imports: Strapi, Node crypto, constants and its own files. */
import type { RoleCode } from '../constants';

/**
 * Least privilege: the content-API actions each role may call, and nothing else. Synced
 * onto the users-permissions roles at every start (missing ones added, others removed),
 * so this table is the single source of truth. Jurisdiction and case handling narrow
 * each action further (see src/jurisdiction and the services).
 */
const crud = (uid: string, ...actions: string[]) => actions.map((a) => `${uid}.${a}`);

const ORG_READ = [...crud('api::organisation.organisation', 'find', 'findOne'), ...crud('api::committee.committee', 'find', 'findOne')];
const CASE_READ = [
  ...crud('api::petition.petition', 'find', 'findOne', 'timeline', 'moves', 'getForm', 'export', 'search'),
  ...crud('plugin::fangtiao.document', 'list', 'download', 'downloadSignedScan', 'startExport', 'exportStatus', 'exportDownload'),
  ...crud('api::case-type.case-type', 'find', 'findOne'),
  ...crud('api::desk.desk', 'me', 'users'),
  ...crud('plugin::fangtiao.info-request', 'list', 'file'),
  ...crud('plugin::fangtiao.attachment', 'list', 'forCase', 'download', 'thumbnail', 'versions'),
  // 一案一档: whoever reads the case may build and download its complete file (audited).
  ...crud('plugin::fangtiao.case-file', 'build', 'list', 'download'),
  // 履行回访: the case's follow-ups of the agreed terms.
  ...crud('plugin::fangtiao.performance', 'list'),
];
/** Attaching files (evidence, scans, photos) to a case, its form fields and records; withdrawing, replacing and marking them (the service allows only the case's handlers). */
const ATTACH = crud('plugin::fangtiao.attachment', 'upload', 'withdraw', 'replace', 'mark');
/** 以案定补: the monthly subsidy ledger of the committees in the jurisdiction, and its XLSX. */
const SUBSIDY_READ = crud('plugin::fangtiao.subsidy', 'ledger', 'export');
/** Asking the person for more information (补充材料) from the desk. */
const INFO_ASK = crud('plugin::fangtiao.info-request', 'ask');
/** Credit flags (失信记录): readers see flags in their jurisdiction (ID numbers masked unless they handle the flag). */
const CREDIT = (...actions: string[]) => crud('plugin::fangtiao.credit', ...actions);
const CREDIT_READ = CREDIT('find', 'findOne', 'history', 'grounds');
/** Measures (考核指标): the dashboard and its ledger rows in the caller's jurisdiction; the XLSX export is the supervisor's. */
const MEASURES_READ = [
  ...crud('plugin::fangtiao.measures', 'dashboard', 'rows', 'organisations'),
  // The first-petition ledgers (日日清、周周结、月月审) are the clerks' daily work: list and XLSX alike.
  ...crud('plugin::fangtiao.ledgers', 'firstPetitions', 'exportFirstPetitions'),
];
/** Early warnings, backlog packages ("five ones"), the departure handover and the inbox. */
const WARNING = (...actions: string[]) => crud('plugin::fangtiao.warning', ...actions);
const WARNING_READ = WARNING('find', 'findOne', 'rules');
const BACKLOG = (...actions: string[]) => crud('plugin::fangtiao.backlog', ...actions);
const BACKLOG_READ = BACKLOG('find', 'findOne', 'supervision', 'tenures');
const INBOX = crud('plugin::fangtiao.notification', 'find', 'read', 'preferences', 'savePreferences');
/** Expert consultations (专家咨询): requests and bookings on cases; the expert's own profile, desk and bookings. */
const EXPERTS = (...actions: string[]) => crud('plugin::fangtiao.experts', ...actions);
const CONSULT_READ = EXPERTS('forPetition', 'findOne');
const CONSULT_REQUEST = EXPERTS('request', 'suggestions', 'book', 'cancel', 'reschedule', 'cancelRequest');
/** Hearings (听证、三方会审、群众评议、联席会商): read in the jurisdiction; clerks and leaders schedule and record them. */
const HEARINGS = (...actions: string[]) => crud('plugin::fangtiao.hearings', ...actions);
const HEARING_READ = HEARINGS('kinds', 'rooms', 'find', 'findOne', 'mine', 'notice', 'record', 'week');
const HEARING_WRITE = HEARINGS('people', 'slots', 'create', 'reschedule', 'cancel', 'minutes');
/** Judicial confirmation (司法确认): the case's mediator and handling clerk (the service checks which case). */
const JUDICIAL = crud('plugin::fangtiao.judicial', 'status', 'issueApplication', 'recordFiling', 'recordRuling');
const SELF = [
  'plugin::users-permissions.user.me',
  'plugin::users-permissions.auth.changePassword',
  'plugin::users-permissions.auth.refresh',
  'plugin::users-permissions.auth.logout',
  'plugin::users-permissions.auth.getSessions',
  'plugin::users-permissions.auth.revokeSession',
];

export const ROLE_PERMISSIONS: Record<RoleCode, string[]> = {
  clerk: [
    ...SELF,
    ...HEARING_READ,
    ...HEARING_WRITE,
    ...CONSULT_READ,
    ...INBOX,
    ...WARNING_READ,
    ...WARNING('acknowledge', 'act', 'close', 'notice'),
    ...BACKLOG_READ,
    ...BACKLOG('create', 'update', 'progress', 'handover'),
    ...ORG_READ,
    ...CASE_READ,
    ...crud('api::petition.petition', 'create', 'update', 'transition', 'createVisit', 'recordReturnVisit', 'updateForm', 'recordConsent'),
    ...crud('plugin::fangtiao.document', 'issue', 'uploadSignedScan', 'withdrawSignedScan'),
    ...JUDICIAL,
    ...INFO_ASK,
    ...ATTACH,
    ...CREDIT_READ,
    ...MEASURES_READ,
    ...SUBSIDY_READ,
    ...CREDIT(
      'propose',
      'notify',
      'lodgeObjection',
      'applyRepair',
      'expire',
      'remove',
      'hints',
      'objectionAttachment',
      'repairAttachment',
      'deliver',
      'deliveryReceipt',
    ),
  ],
  mediator: [
    ...SELF,
    ...HEARING_READ,
    ...CONSULT_READ,
    ...CONSULT_REQUEST,
    ...INBOX,
    ...ORG_READ,
    ...CASE_READ,
    ...crud('api::petition.petition', 'transition', 'updateForm', 'createSession'),
    ...crud('plugin::fangtiao.performance', 'record'),
    ...INFO_ASK,
    ...ATTACH,
    ...crud('plugin::fangtiao.document', 'issue', 'uploadSignedScan', 'withdrawSignedScan'),
    ...JUDICIAL,
  ],
  expert: [
    ...SELF,
    ...HEARINGS('mine', 'findOne', 'notice', 'record', 'week'),
    ...CONSULT_READ,
    ...EXPERTS(
      'me',
      'updateMe',
      'regenerateToken',
      'myBookings',
      'desk',
      'take',
      'accept',
      'decline',
      'cancel',
      'reschedule',
      'opinion',
      'record',
    ),
    ...INBOX,
    ...ORG_READ,
    ...crud('api::desk.desk', 'me'),
  ],
  leader: [
    ...SELF,
    ...HEARING_READ,
    ...HEARING_WRITE,
    ...CONSULT_READ,
    ...CONSULT_REQUEST,
    ...INBOX,
    ...WARNING_READ,
    ...WARNING('acknowledge', 'act', 'close'),
    ...BACKLOG_READ,
    ...BACKLOG('create', 'update', 'progress', 'resolve', 'handover'),
    ...ORG_READ,
    ...CASE_READ,
    ...crud('api::petition.petition', 'transition', 'extend'),
    ...INFO_ASK,
    ...ATTACH,
    ...CREDIT_READ,
    ...MEASURES_READ,
    ...SUBSIDY_READ,
  ],
  reviewer: [
    ...SELF,
    ...INBOX,
    ...ORG_READ,
    ...CASE_READ,
    ...CREDIT_READ,
    ...CREDIT(
      'approve',
      'reject',
      'notify',
      'lodgeObjection',
      'extendObjectionReview',
      'decideObjection',
      'activate',
      'applyRepair',
      'decideRepair',
      'expire',
      'remove',
      'objectionAttachment',
      'repairAttachment',
      'deliver',
      'deliveryReceipt',
      'queries',
    ),
  ],
  supervisor: [
    ...SELF,
    ...HEARING_READ,
    ...CONSULT_READ,
    ...INBOX,
    ...WARNING_READ,
    ...BACKLOG_READ,
    ...ORG_READ,
    ...CASE_READ,
    ...CREDIT_READ,
    ...CREDIT('export', 'queries'),
    ...MEASURES_READ,
    ...crud('plugin::fangtiao.measures', 'export'),
    ...SUBSIDY_READ,
  ],
};

/** Unauthenticated callers may log in (and refresh their session) and nothing else: no case data, no self-registration. */
export const PUBLIC_PERMISSIONS = ['plugin::users-permissions.auth.callback', 'plugin::users-permissions.auth.refresh'];

/** The default "authenticated" role (a user with no Fangtiao role) reaches only itself. */
export const AUTHENTICATED_PERMISSIONS = SELF;
