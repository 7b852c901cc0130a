import type { Core } from '@strapi/strapi';
import { caseSql, isoOf, jsonOf } from '@fangtiao/kernel';
import { UID } from '../../constants';

/**
 * The reads behind the person's status page, as SQL of constant text run by the kernel's
 * gateway (`caseSql(…).read`: a prepared statement on SQLite). The page is the public
 * channel's hot path — every person who follows their case reads it, often — and through the
 * query engine its six reads cost most of a request's CPU (building the statements, populating,
 * mapping rows; README "Benchmarks"). These return what the query engine returned for the same
 * select: attribute names, datetimes as ISO text, JSON parsed. A public request has no
 * jurisdiction: each read is by the case's number or id, and the status service decides by the
 * session's binding whether the case is the person's.
 *
 * The texts are built once per app from the content types' metadata (table, column and link
 * names), so a renamed column cannot leave a stale statement behind.
 */
type JoinTable = { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string }; on?: Record<string, string> };
type Meta = { tableName: string; attributes: Record<string, { columnName?: string; target?: string; joinTable?: JoinTable }> };
/** Datetimes and JSON as the database holds them (isoOf / jsonOf turn them into what the query engine gives). */
type Stored = string | number | Date | null;

export type CaseRow = {
  id: number;
  documentId: string;
  referenceNo: string;
  subject: string;
  state: string;
  registeredAt: string | null;
  dueAt: string | null;
  concludedAt: string | null;
  reviewedAt: string | null;
  extensionDays: number | null;
  returnVisit: unknown;
  organisation: { name: string } | null;
  parties: PartyRow[];
};
export type DocumentRow = {
  id: number;
  documentId: string;
  kind: string;
  title: string;
  version: number;
  issuedAt: string;
  subjectKey: string;
  addressee: string | null;
};
export type FlagRow = {
  documentId: string;
  state: string;
  idNumberHash: string;
  noticeDeliveredAt: string | null;
  objectionDeadline: string | null;
  expiresAt: string | null;
  ground: { name: string } | null;
};
export type PartyRow = { id: number; name: string; role: string; kind: string; phoneHash: string | null; idNumberHash: string | null };

function texts(strapi: Core.Strapi) {
  const meta = (uid: string) => strapi.db.metadata.get(uid as Parameters<typeof strapi.db.metadata.get>[0]) as unknown as Meta;
  const petition = meta(UID.petition);
  const col = (m: Meta, attr: string) => `"${m.attributes[attr].columnName ?? attr}"`;
  const link = (m: Meta, attr: string) => m.attributes[attr].joinTable!;
  const org = meta(petition.attributes.organisation.target!);
  const orgLink = link(petition, 'organisation');
  const party = meta(petition.attributes.parties.target!);
  const partiesLink = link(petition, 'parties');
  const doc = meta(UID.generatedDocument);
  const docLink = link(doc, 'petition');
  const flag = meta('plugin::fangtiao.credit-flag');
  const flagLink = link(flag, 'petition');
  const ground = meta(flag.attributes.ground.target!);
  const groundLink = link(flag, 'ground');
  const caseType = meta(petition.attributes.caseType.target!);
  const caseTypeLink = link(petition, 'caseType');
  const p = (attr: string) => `p.${col(petition, attr)}`;
  // The parties' link names its field (and component type) in its own condition: bound, in order.
  const partyOn = Object.entries(partiesLink.on ?? {});
  return {
    // The case with its office and its parties, a row per party in their order (one row, without parties, when it has none).
    case: {
      sql:
        `SELECT p.id AS id, ${p('documentId')} AS "documentId", ${p('referenceNo')} AS "referenceNo", ${p('subject')} AS subject, ` +
        `${p('state')} AS state, ${p('registeredAt')} AS "registeredAt", ${p('dueAt')} AS "dueAt", ${p('concludedAt')} AS "concludedAt", ` +
        `${p('reviewedAt')} AS "reviewedAt", ${p('extensionDays')} AS "extensionDays", ${p('returnVisit')} AS "returnVisit", ` +
        `o.${col(org, 'name')} AS "organisationName", c.id AS "partyId", c.${col(party, 'name')} AS "partyName", ` +
        `c.${col(party, 'role')} AS "partyRole", c.${col(party, 'kind')} AS "partyKind", c.${col(party, 'phoneHash')} AS "partyPhoneHash", ` +
        `c.${col(party, 'idNumberHash')} AS "partyIdNumberHash" FROM "${petition.tableName}" p ` +
        `LEFT JOIN "${orgLink.name}" ol ON ol."${orgLink.joinColumn.name}" = p.id ` +
        `LEFT JOIN "${org.tableName}" o ON o.id = ol."${orgLink.inverseJoinColumn.name}" ` +
        `LEFT JOIN "${partiesLink.name}" l ON l."${partiesLink.joinColumn.name}" = p.id` +
        `${partyOn.map(([column]) => ` AND l."${column}" = ?`).join('')} ` +
        `LEFT JOIN "${party.tableName}" c ON c.id = l."${partiesLink.inverseJoinColumn.name}" ` +
        `WHERE ${p('referenceNo')} = ? ORDER BY l."order" ASC, c.id ASC`,
      on: partyOn.map(([, value]) => value),
    },
    documents: byCount(
      (kinds: number) =>
        `SELECT d.id AS id, d.${col(doc, 'documentId')} AS "documentId", d.${col(doc, 'kind')} AS kind, d.${col(doc, 'title')} AS title, ` +
        `d.${col(doc, 'version')} AS version, d.${col(doc, 'issuedAt')} AS "issuedAt", d.${col(doc, 'subjectKey')} AS "subjectKey", ` +
        `d.${col(doc, 'addressee')} AS addressee FROM "${docLink.name}" l JOIN "${doc.tableName}" d ON d.id = l."${docLink.joinColumn.name}" ` +
        `WHERE l."${docLink.inverseJoinColumn.name}" = ? AND d.${col(doc, 'kind')} IN (${marks(kinds)}) ` +
        `ORDER BY d.${col(doc, 'issuedAt')} DESC, d.id DESC`,
    ),
    flags: byCount(
      (hashes: number) =>
        `SELECT f.${col(flag, 'documentId')} AS "documentId", f.${col(flag, 'state')} AS state, f.${col(flag, 'idNumberHash')} AS "idNumberHash", ` +
        `f.${col(flag, 'noticeDeliveredAt')} AS "noticeDeliveredAt", f.${col(flag, 'objectionDeadline')} AS "objectionDeadline", ` +
        `f.${col(flag, 'expiresAt')} AS "expiresAt", g.${col(ground, 'name')} AS "groundName" ` +
        `FROM "${flagLink.name}" l JOIN "${flag.tableName}" f ON f.id = l."${flagLink.joinColumn.name}" ` +
        `LEFT JOIN "${groundLink.name}" gl ON gl."${groundLink.joinColumn.name}" = f.id ` +
        `LEFT JOIN "${ground.tableName}" g ON g.id = gl."${groundLink.inverseJoinColumn.name}" ` +
        `WHERE l."${flagLink.inverseJoinColumn.name}" = ? AND f.${col(flag, 'idNumberHash')} IN (${marks(hashes)}) ` +
        `AND f.${col(flag, 'state')} NOT IN (${marks(HIDDEN_FLAG_STATES.length)}) ORDER BY f.id`,
    ),
    deadlines:
      `SELECT t.${col(caseType, 'deadlines')} AS deadlines FROM "${caseTypeLink.name}" l ` +
      `JOIN "${caseType.tableName}" t ON t.id = l."${caseTypeLink.inverseJoinColumn.name}" WHERE l."${caseTypeLink.joinColumn.name}" = ?`,
    flagHashes: byCount(
      (ids: number) =>
        `SELECT f.${col(flag, 'documentId')} AS "documentId", f.${col(flag, 'idNumberHash')} AS "idNumberHash" ` +
        `FROM "${flag.tableName}" f WHERE f.${col(flag, 'documentId')} IN (${marks(ids)})`,
    ),
  };
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
/** A text with an `IN (?, …)` list, built once per list length. */
function byCount(build: (n: number) => string) {
  const texts = new Map<number, string>();
  return (n: number) => {
    let text = texts.get(n);
    if (text === undefined) texts.set(n, (text = build(n)));
    return text;
  };
}
/** A credit flag the person does not see on their page: before its notice (proposed, approved) or turned down in review. */
export const HIDDEN_FLAG_STATES = ['proposed', 'approved', 'rejected'];

const built = new WeakMap<Core.Strapi, ReturnType<typeof texts>>();
const sqlOf = (strapi: Core.Strapi) => {
  let t = built.get(strapi);
  if (!t) built.set(strapi, (t = texts(strapi)));
  return t;
};

const gateway = (strapi: Core.Strapi) => caseSql(strapi, null, 'public status');

/** The case a reference number names, with its office's name and its parties in their order; null when none. */
export async function caseByNumber(strapi: Core.Strapi, referenceNo: string): Promise<CaseRow | null> {
  const sql = sqlOf(strapi);
  type Row = Omit<CaseRow, 'organisation' | 'parties' | 'registeredAt' | 'dueAt' | 'concludedAt' | 'reviewedAt' | 'id'> & {
    id: number | string;
    registeredAt: Stored;
    dueAt: Stored;
    concludedAt: Stored;
    reviewedAt: Stored;
    organisationName: string | null;
    partyId: number | string | null;
    partyName: string;
    partyRole: string;
    partyKind: string;
    partyPhoneHash: string | null;
    partyIdNumberHash: string | null;
  };
  const rows = await gateway(strapi).read<Row>(sql.case.sql, [...sql.case.on, referenceNo]);
  const row = rows[0];
  if (!row) return null;
  return {
    id: Number(row.id),
    documentId: row.documentId,
    referenceNo: row.referenceNo,
    subject: row.subject,
    state: row.state,
    registeredAt: isoOf(row.registeredAt),
    dueAt: isoOf(row.dueAt),
    concludedAt: isoOf(row.concludedAt),
    reviewedAt: isoOf(row.reviewedAt),
    extensionDays: row.extensionDays == null ? null : Number(row.extensionDays),
    returnVisit: jsonOf(row.returnVisit),
    organisation: row.organisationName == null ? null : { name: row.organisationName },
    parties: rows
      .filter((r) => r.partyId != null)
      .map((r) => ({
        id: Number(r.partyId),
        name: r.partyName,
        role: r.partyRole,
        kind: r.partyKind,
        phoneHash: r.partyPhoneHash,
        idNumberHash: r.partyIdNumberHash,
      })),
  };
}

/** The case's documents of these kinds, newest first. */
export async function documentsOf(strapi: Core.Strapi, petitionId: number, kinds: string[]): Promise<DocumentRow[]> {
  const rows = await gateway(strapi).read<Omit<DocumentRow, 'issuedAt'> & { issuedAt: Stored }>(sqlOf(strapi).documents(kinds.length), [
    petitionId,
    ...kinds,
  ]);
  return rows.map((d) => ({ ...d, id: Number(d.id), version: Number(d.version), issuedAt: isoOf(d.issuedAt)! }));
}

/** The case's credit flags that name one of these ID-number hashes, past the proposal and not turned down, with their ground's name. */
export async function flagsOf(strapi: Core.Strapi, petitionId: number, idHashes: string[]): Promise<FlagRow[]> {
  if (!idHashes.length) return [];
  type Row = Omit<FlagRow, 'ground' | 'noticeDeliveredAt' | 'objectionDeadline' | 'expiresAt'> & {
    noticeDeliveredAt: Stored;
    objectionDeadline: Stored;
    expiresAt: Stored;
    groundName: string | null;
  };
  const rows = await gateway(strapi).read<Row>(sqlOf(strapi).flags(idHashes.length), [petitionId, ...idHashes, ...HIDDEN_FLAG_STATES]);
  return rows.map(({ groundName, ...f }) => ({
    documentId: f.documentId,
    state: f.state,
    idNumberHash: f.idNumberHash,
    noticeDeliveredAt: isoOf(f.noticeDeliveredAt),
    objectionDeadline: isoOf(f.objectionDeadline),
    expiresAt: isoOf(f.expiresAt),
    ground: groundName == null ? null : { name: groundName },
  }));
}

/** The deadlines the case's type sets (its review windows), or null: the type has none or the case no type. */
export async function caseTypeDeadlines(strapi: Core.Strapi, petitionId: number): Promise<unknown> {
  const [row] = await gateway(strapi).read<{ deadlines: Stored }>(sqlOf(strapi).deadlines, [petitionId]);
  return row ? jsonOf(row.deadlines) : null;
}

/** Whom each of these credit flags names (its ID-number hash), by the flag's document id. */
export async function flagHashes(strapi: Core.Strapi, documentIds: string[]): Promise<{ documentId: string; idNumberHash: string }[]> {
  if (!documentIds.length) return [];
  return gateway(strapi).read(sqlOf(strapi).flagHashes(documentIds.length), documentIds);
}
