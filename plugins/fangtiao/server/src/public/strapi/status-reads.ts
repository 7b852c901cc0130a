import type { Core } from '@strapi/strapi';
import { caseSql, isoOf, jsonOf } from '@fangtiao/kernel';
import { UID } from '../../constants';
import { dbNames } from '../../utils/db-names';

/**
 * The reads behind the person's status page, as SQL of constant text run by the kernel's
 * gateway (`caseSql(…).read`: a prepared statement on SQLite). The page is the public
 * channel's hot path — every person who follows their case reads it, often — and through the
 * query engine its reads cost most of a request's CPU (building the statements, populating,
 * mapping rows; README "Benchmarks"). These return what the query engine returns for the same
 * select: attribute names, datetimes as ISO text, JSON parsed, whole numbers as numbers. A
 * public request has no jurisdiction: each read is by the case's number or id, and the status
 * service decides by the session's binding whether the case is the person's.
 *
 * The texts are built once per app from Strapi's metadata (table, column and link names, and
 * each attribute's type for its value), so a renamed column cannot leave a stale statement.
 */

/** What the page reads of a case, and of each of its parties (status-service.ts selects the same through the query engine). */
export const CASE_COLUMNS = [
  'id',
  'documentId',
  'referenceNo',
  'subject',
  'state',
  'registeredAt',
  'dueAt',
  'concludedAt',
  'reviewedAt',
  'extensionDays',
  'returnVisit',
];
/** …whose they are (the session's phone hash, the role) and whom a document or flag names. */
export const PARTY_COLUMNS = ['id', 'name', 'role', 'kind', 'phoneHash', 'idNumberHash'];
const DOCUMENT_COLUMNS = ['id', 'documentId', 'kind', 'title', 'version', 'issuedAt', 'subjectKey', 'addressee'];
const FLAG_COLUMNS = ['documentId', 'state', 'idNumberHash', 'noticeDeliveredAt', 'objectionDeadline', 'expiresAt'];
/** A credit flag the person does not see on their page: before its notice (proposed, approved) or turned down in review. */
const HIDDEN_FLAG_STATES = ['proposed', 'approved', 'rejected'];

const FLAG = 'plugin::fangtiao.credit-flag';
const GROUND = 'plugin::fangtiao.credit-ground';
const PARTY = 'case.party';

export type PartyRow = { id: number; name: string; role: string; kind: string; phoneHash: string | null; idNumberHash: string | null };
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
type Row = Record<string, unknown>;

/** A stored value as the query engine gives it, by the attribute's type. */
function valueOf(type: string | undefined): (v: unknown) => unknown {
  if (type === 'datetime') return isoOf;
  if (type === 'json') return jsonOf;
  if (type === 'integer' || type === 'increments' || type === 'biginteger') return (v) => (v == null ? null : Number(v));
  return (v) => v;
}

/**
 * `alias."column" AS "<prefix><attribute>", …` for these attributes of a model, and the reader
 * that turns such a row back into the attributes' values.
 */
function columns(strapi: Core.Strapi, uid: string, alias: string, attrs: string[], prefix = '') {
  const names = dbNames(strapi, uid);
  const fields = attrs.map((a) => ({ attr: a, key: `${prefix}${a}`, value: valueOf(a === 'id' ? 'increments' : names.type(a)) }));
  return {
    sql: fields.map((f) => `${alias}."${names.column(f.attr) ?? f.attr}" AS "${f.key}"`).join(', '),
    from: (row: Row) => Object.fromEntries(fields.map((f) => [f.attr, f.value(row[f.key])])),
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

function statements(strapi: Core.Strapi) {
  const petition = dbNames(strapi, UID.petition);
  const org = dbNames(strapi, UID.organisation);
  const party = dbNames(strapi, PARTY);
  const doc = dbNames(strapi, UID.generatedDocument);
  const flag = dbNames(strapi, FLAG);
  const ground = dbNames(strapi, GROUND);
  const caseType = dbNames(strapi, UID.caseType);
  const orgLink = petition.joinTable('organisation')!;
  const partiesLink = petition.joinTable('parties')!;
  const typeLink = petition.joinTable('caseType')!;
  const docLink = doc.joinTable('petition')!;
  const flagLink = flag.joinTable('petition')!;
  const groundLink = flag.joinTable('ground')!;
  // The parties' link names its field (and component type) in its own condition: bound, in order.
  const partyOn = Object.entries(partiesLink.on ?? {});
  const caseCols = columns(strapi, UID.petition, 'p', CASE_COLUMNS);
  const partyCols = columns(strapi, PARTY, 'c', PARTY_COLUMNS, 'party.');
  const docCols = columns(strapi, UID.generatedDocument, 'd', DOCUMENT_COLUMNS);
  const flagCols = columns(strapi, FLAG, 'f', FLAG_COLUMNS);
  const hashCols = columns(strapi, FLAG, 'f', ['documentId', 'idNumberHash']);
  return {
    // The case with its office and its parties, a row per party in their order (one row, without parties, when it has none).
    case: {
      sql:
        `SELECT ${caseCols.sql}, o."${org.column('name')}" AS "organisationName", ${partyCols.sql} FROM "${petition.table}" p ` +
        `LEFT JOIN "${orgLink.name}" ol ON ol."${orgLink.joinColumn.name}" = p.id ` +
        `LEFT JOIN "${org.table}" o ON o.id = ol."${orgLink.inverseJoinColumn.name}" ` +
        `LEFT JOIN "${partiesLink.name}" l ON l."${partiesLink.joinColumn.name}" = p.id` +
        `${partyOn.map(([column]) => ` AND l."${column}" = ?`).join('')} ` +
        `LEFT JOIN "${party.table}" c ON c.id = l."${partiesLink.inverseJoinColumn.name}" ` +
        `WHERE p."${petition.column('referenceNo')}" = ? ORDER BY l."order" ASC, c.id ASC`,
      on: partyOn.map(([, value]) => value),
      from: caseCols.from,
      party: partyCols.from,
    },
    documents: {
      sql: byCount(
        (kinds) =>
          `SELECT ${docCols.sql} FROM "${docLink.name}" l JOIN "${doc.table}" d ON d.id = l."${docLink.joinColumn.name}" ` +
          `WHERE l."${docLink.inverseJoinColumn.name}" = ? AND d."${doc.column('kind')}" IN (${marks(kinds)}) ` +
          `ORDER BY d."${doc.column('issuedAt')}" DESC, d.id DESC`,
      ),
      from: docCols.from,
    },
    flags: {
      sql: byCount(
        (hashes) =>
          `SELECT ${flagCols.sql}, g."${ground.column('name')}" AS "groundName" ` +
          `FROM "${flagLink.name}" l JOIN "${flag.table}" f ON f.id = l."${flagLink.joinColumn.name}" ` +
          `LEFT JOIN "${groundLink.name}" gl ON gl."${groundLink.joinColumn.name}" = f.id ` +
          `LEFT JOIN "${ground.table}" g ON g.id = gl."${groundLink.inverseJoinColumn.name}" ` +
          `WHERE l."${flagLink.inverseJoinColumn.name}" = ? AND f."${flag.column('idNumberHash')}" IN (${marks(hashes)}) ` +
          `AND f."${flag.column('state')}" NOT IN (${marks(HIDDEN_FLAG_STATES.length)}) ORDER BY f.id`,
      ),
      from: flagCols.from,
    },
    deadlines:
      `SELECT t."${caseType.column('deadlines')}" AS deadlines FROM "${typeLink.name}" l ` +
      `JOIN "${caseType.table}" t ON t.id = l."${typeLink.inverseJoinColumn.name}" WHERE l."${typeLink.joinColumn.name}" = ?`,
    flagHashes: {
      sql: byCount((ids) => `SELECT ${hashCols.sql} FROM "${flag.table}" f WHERE f."${flag.column('documentId')}" IN (${marks(ids)})`),
      from: hashCols.from,
    },
  };
}

const built = new WeakMap<Core.Strapi, ReturnType<typeof statements>>();
const sqlOf = (strapi: Core.Strapi) => {
  let s = built.get(strapi);
  if (!s) built.set(strapi, (s = statements(strapi)));
  return s;
};

/** Per read: the gateway checks its caller once per object, so one is never shared between requests. */
const gateway = (strapi: Core.Strapi) => caseSql(strapi, null, 'public status');

/** The case a reference number names, with its office's name and its parties in their order; null when none. */
export async function caseByNumber(strapi: Core.Strapi, referenceNo: string): Promise<CaseRow | null> {
  const { case: s } = sqlOf(strapi);
  const rows = await gateway(strapi).read(s.sql, [...s.on, referenceNo]);
  if (!rows.length) return null;
  const name = rows[0].organisationName as string | null;
  return {
    ...(s.from(rows[0]) as Omit<CaseRow, 'organisation' | 'parties'>),
    organisation: name == null ? null : { name },
    parties: rows.filter((r) => r['party.id'] != null).map((r) => s.party(r) as PartyRow),
  };
}

/** The case's documents of these kinds, newest first. */
export async function documentsOf(strapi: Core.Strapi, petitionId: number, kinds: string[]): Promise<DocumentRow[]> {
  const { documents: s } = sqlOf(strapi);
  const rows = await gateway(strapi).read(s.sql(kinds.length), [petitionId, ...kinds]);
  return rows.map((r) => s.from(r) as DocumentRow);
}

/** The case's credit flags that name one of these ID-number hashes, past the proposal and not turned down, with their ground's name. */
export async function flagsOf(strapi: Core.Strapi, petitionId: number, idHashes: string[]): Promise<FlagRow[]> {
  if (!idHashes.length) return [];
  const { flags: s } = sqlOf(strapi);
  const rows = await gateway(strapi).read(s.sql(idHashes.length), [petitionId, ...idHashes, ...HIDDEN_FLAG_STATES]);
  return rows.map((r) => {
    const name = r.groundName as string | null;
    return { ...(s.from(r) as Omit<FlagRow, 'ground'>), ground: name == null ? null : { name } };
  });
}

/** The deadlines the case's type sets (its review windows), or null: the type has none or the case no type. */
export async function caseTypeDeadlines(strapi: Core.Strapi, petitionId: number): Promise<unknown> {
  const [row] = await gateway(strapi).read(sqlOf(strapi).deadlines, [petitionId]);
  return row ? jsonOf(row.deadlines) : null;
}

/** Whom each of these credit flags names (its ID-number hash), by the flag's document id. */
export async function flagHashes(strapi: Core.Strapi, documentIds: string[]): Promise<{ documentId: string; idNumberHash: string }[]> {
  if (!documentIds.length) return [];
  const { flagHashes: s } = sqlOf(strapi);
  const rows = await gateway(strapi).read(s.sql(documentIds.length), documentIds);
  return rows.map((r) => s.from(r) as { documentId: string; idNumberHash: string });
}
