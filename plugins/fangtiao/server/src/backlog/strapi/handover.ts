/**
 * The departure handover (离任交接) of a leader's backlog: the tenures, and the handover itself —
 * the sheet from the package history of the leader's organisation, its PDF, the tenures closed
 * and opened, the open packages (and their cases) handed to the successor.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { conflict, throwIfInvalid, userInScope, type Caller, type FieldError } from '@fangtiao/kernel';
import { scopeFilter, shanghaiDate, type Level } from '@fangtiao/kernel/pure';
import { UID } from '../../constants';
import { NEW_BACKLOG_EXPLANATION_THRESHOLD, handoverLists } from '../rules';
import { stripping } from '../../utils/records';
import { getService } from '../../utils/get-service';
import { BACKLOG_UID } from './schema';

const PKG = BACKLOG_UID.package;
const USER = 'plugin::users-permissions.user';
const TENURE = BACKLOG_UID.tenure;
const PERSON = () => ({ fields: ['username', 'fullName'] });
const strip = stripping(['petitionRef', 'batch']);
const person = (u: Person | null | undefined) => (u ? u.fullName || u.username : '');

type Input = Record<string, any>;
/** A package as the sheet lists it. */
type Listed = { reference: string; state: string; petition?: { subject?: string; organisation?: { name?: string } } };
type Lists = Record<'atArrival' | 'atDeparture' | 'fresh', Listed[]>;
type Org = { documentId: string; name: string; code: string; level: string };
type Person = { id: number; username?: string; fullName?: string | null };
type Tenure = { documentId: string; post?: string | null };

export async function tenures(strapi: Core.Strapi, query: Input) {
  const filters: Input = {};
  if (query.leader) filters.leader = { id: Number(query.leader) };
  return (
    await strapi.documents(TENURE).findMany({
      filters,
      populate: {
        leader: PERSON(),
        successor: PERSON(),
        organisation: { fields: ['name', 'code'] },
        handoverDocument: { fields: ['kind', 'title', 'version', 'verificationCode', 'issuedAt'] },
      },
      sort: ['arrivedAt:desc', 'id:desc'],
      limit: 100,
    })
  ).map(strip);
}

/** The leader's open tenure, or one opened from the account's creation when none was recorded. */
export async function openTenure(strapi: Core.Strapi, leader: any, org: any) {
  const t = await strapi.db
    .query(TENURE)
    .findOne({ where: { leader: { id: leader.id }, leftAt: { $null: true } }, orderBy: { arrivedAt: 'desc' } });
  if (t) return t;
  const u = await strapi.db.query(USER).findOne({ where: { id: leader.id }, select: ['createdAt'] });
  const created = await strapi
    .documents(TENURE)
    .create({ data: { leader: leader.id, organisation: org.documentId, arrivedAt: u?.createdAt ?? new Date() } });
  return strapi.db.query(TENURE).findOne({ where: { documentId: created.documentId } });
}

/**
 * 离任交接: builds the sheet from the package history of the leader's organisation (backlog
 * at arrival, at departure, the new ones), issues the handover-sheet PDF, closes the tenure,
 * opens the successor's, and hands the leader's open packages (and their cases) to the
 * successor — in one transaction.
 */
export async function handover(strapi: Core.Strapi, leaderRef: string, input: Input, caller: Caller) {
  const { leader, successor, leftAt, org } = await handoverParties(strapi, leaderRef, input, caller);
  return strapi.db.transaction(async () => {
    const tenure = await openTenure(strapi, leader, org);
    const arrivedAt = new Date(tenure.arrivedAt);
    const packages = await organisationPackages(strapi, org);
    const lists = handoverLists(packages, arrivedAt, leftAt);
    const sheet = handoverSheet(lists, { org, leader, successor, tenure, arrivedAt, leftAt, input });
    const doc = await getService(strapi, 'document').issue({
      kind: 'handover-sheet',
      input: sheet,
      subjectKey: `handover:${tenure.documentId}`,
      organisation: org.documentId,
      userId: caller.id,
      issuedAt: leftAt,
      options: { organisationName: org.name },
    });
    // Hand the open packages this leader owns (and their cases) to the successor.
    const mine = packages.filter((p) => p.state === 'open' && p.leader?.id === leader.id);
    await handPackages(strapi, mine, { from: leader.id, to: successor.id, at: leftAt, by: caller.id });
    await passTenure(strapi, tenure, { leftAt, successor, org, doc, sheet: { ...sheet, handedOver: mine.map((p) => p.reference) } });
    const { atArrival, atDeparture, fresh } = lists;
    await getService(strapi, 'notification').notify([successor.id], {
      kind: 'handover',
      title: `离任交接：接收${person(leader)}移交的信访积案${mine.length}件`,
      body: `${org.name}：到任时积案${atArrival.length}件，离任时${atDeparture.length}件，其中新增${fresh.length}件。`,
      link: `/api/documents/${doc.documentId}/download`,
    });
    return {
      tenure: tenure.documentId,
      document: { documentId: doc.documentId, kind: doc.kind, version: doc.version, verificationCode: doc.verificationCode },
      counts: { atArrival: atArrival.length, atDeparture: atDeparture.length, new: fresh.length, handedOver: mine.length },
      sheet,
    };
  });
}

/** The departing leader and the successor, both in the caller's jurisdiction, the date and the organisation; or 404/400/409. */
async function handoverParties(strapi: Core.Strapi, leaderRef: string, input: Input, caller: Caller) {
  const leader: any = await userInScope(strapi, caller.jurisdiction, leaderRef, 'leader');
  if (!leader) throw new errors.NotFoundError('包案领导不存在或不在管辖范围内');
  const successor = await userInScope(strapi, caller.jurisdiction, input.successor, 'leader');
  const problems: FieldError[] = [];
  if (!successor) problems.push({ path: ['successor'], message: '接任领导不存在或不在管辖范围内' });
  else if (successor.id === leader.id) problems.push({ path: ['successor'], message: '接任领导不能是离任领导本人' });
  if (input.date !== undefined && Number.isNaN(Date.parse(String(input.date))))
    problems.push({ path: ['date'], message: '离任时间格式不正确' });
  throwIfInvalid(problems);
  const leftAt = input.date ? new Date(String(input.date)) : new Date();
  const lu = await strapi.db
    .query(USER)
    .findOne({ where: { id: leader.id }, populate: { organisation: { select: ['id', 'documentId', 'name', 'code', 'level'] } } });
  const org = lu?.organisation;
  if (!org) throw conflict('离任领导未关联组织机构');
  return { leader, successor: successor!, leftAt, org };
}

/** Every package of the organisation's area, oldest first, each with the reference it is listed by. */
async function organisationPackages(strapi: Core.Strapi, org: Org) {
  const packages = await strapi.db.query(PKG).findMany({
    where: scopeFilter({ level: org.level as Level, code: org.code }),
    select: ['id', 'documentId', 'state', 'openedAt', 'resolvedAt'],
    populate: {
      petition: { select: ['id', 'documentId', 'referenceNo', 'subject', 'state'], populate: { organisation: { select: ['name'] } } },
      leader: { select: ['id'] },
    },
    orderBy: { openedAt: 'asc' },
  });
  return packages.map((p) => ({ ...p, reference: p.petition?.referenceNo ?? p.documentId }));
}

/** The handover sheet's content (交接单), with the written explanation demanded when the new backlog reaches the threshold. */
function handoverSheet(
  { atArrival, atDeparture, fresh }: Lists,
  at: { org: Org; leader: Person; successor: Person; tenure: Tenure; arrivedAt: Date; leftAt: Date; input: Input },
) {
  const { org, leader, successor, tenure, arrivedAt, leftAt, input } = at;
  const asCase = (p: Listed) => ({
    reference: p.reference,
    subject: p.petition?.subject ?? '',
    responsibleUnit: p.petition?.organisation?.name ?? '',
    status: p.state === 'open' ? '未化解' : '已化解',
  });
  const sheet = {
    unit: org.name,
    date: shanghaiDate(leftAt),
    departingLeader: person(leader),
    post: input.post || tenure.post || undefined,
    successor: person(successor),
    arrivalDate: shanghaiDate(arrivedAt),
    backlogAtArrival: atArrival.map(asCase),
    departureDate: shanghaiDate(leftAt),
    backlogAtDeparture: atDeparture.map(asCase),
    newCount: fresh.length,
    remarks: input.remarks || `未化解积案${atDeparture.length}件移交接任领导${person(successor)}继续化解。`,
    newBacklogExplanation: input.explanation || undefined,
    level: org.level === 'city' ? '市' : org.level === 'county' ? '县' : '市',
  };
  if (fresh.length >= NEW_BACKLOG_EXPLANATION_THRESHOLD && !sheet.newBacklogExplanation) {
    sheet.remarks += `新增积案${fresh.length}件，须作出书面说明。`;
  }
  return sheet;
}

/** Gives each package (and its case) to the successor, noting the change in its leader history. */
async function handPackages(strapi: Core.Strapi, packages: any[], move: { from: number; to: number; at: Date; by: number }) {
  for (const p of packages) {
    const full = await strapi.db.query(PKG).findOne({ where: { id: p.id }, select: ['leaderHistory'] });
    const entry = { at: move.at.toISOString(), from: move.from, to: move.to, reason: '离任交接', by: move.by };
    await strapi
      .documents(PKG)
      .update({ documentId: p.documentId, data: { leader: move.to, leaderHistory: [...(full?.leaderHistory ?? []), entry] } as any });
    if (p.petition?.documentId)
      await strapi.documents(UID.petition).update({ documentId: p.petition.documentId, data: { leader: move.to } as any });
  }
}

/** Closes the departing leader's tenure with the sheet, and opens the successor's unless one is open. */
async function passTenure(
  strapi: Core.Strapi,
  tenure: Tenure,
  to: { leftAt: Date; successor: Person; org: Org; doc: { documentId: string }; sheet: Input },
) {
  const { leftAt, successor, org, doc, sheet } = to;
  await strapi.documents(TENURE).update({
    documentId: tenure.documentId,
    data: { leftAt, successor: successor.id, handoverDocument: doc.documentId, sheet } as any,
  });
  const succOpen = await strapi.db
    .query(TENURE)
    .findOne({ where: { leader: { id: successor.id }, leftAt: { $null: true } }, select: ['id'] });
  if (!succOpen) await strapi.documents(TENURE).create({ data: { leader: successor.id, organisation: org.documentId, arrivedAt: leftAt } });
}
