import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Caller } from '@fangtiao/kernel';
import { HEARING_KINDS, maskName, OUTCOMES, PANEL_CATEGORIES, PARTICIPANT_ROLES, VOTES } from '../rules';
import { getMove, STATES } from '@fangtiao/kernel/pure';
import { HEARING_UID } from './schema';
import { json } from '../../json';
import { formatDate, formatDateTime as fmt } from '@fangtiao/kernel/pure';
import type { Participant } from './planning';
import { getService } from '../../utils/get-service';

const H = HEARING_UID.hearing;
const moveLabel = (action: string) => getMove(action)?.label ?? action;
const hours = (n: number) => n * 3_600_000;

/** Reminders before a hearing: 24 h and 1 h, like consultations. */
const REMINDERS = [
  { key: 'day', field: 'remindedDay', before: hours(24), label: '24小时' },
  { key: 'hour', field: 'remindedHour', before: hours(1), label: '1小时' },
] as const;

/**
 * What hearings tell people: a hearing notice (听证通知书, PDF) per participant, issued again to
 * everyone when the hearing moves; in-app and email messages to the staff and experts taking
 * part; reminders; and the public announcement of public hearings, which names no petitioner
 * (surname + 某) and shows no ID number.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  hearings() {
    return getService(strapi, 'hearings');
  },

  /** Users to tell: staff taking part and experts' own accounts. */
  recipients(h: any, except?: number) {
    return json<Participant[]>(h.participants, [])
      .map((p) => p.user ?? p.expertUser)
      .filter((id): id is number => Number.isInteger(id) && id !== except);
  },

  place(h: any) {
    if (h.room)
      return `${h.room.name}${h.room.address ? `（${h.room.address}）` : ''}${h.videoLink ? `，并开通视频会议：${h.videoLink}` : ''}`;
    return h.videoLink ? `视频会议（${h.videoLink}）` : '另行通知';
  },

  /** A notice PDF for every participant (a new version after a reschedule), then the messages. */
  async issueAll(documentId: string, caller: Caller | null, why: 'schedule' | 'reschedule', reason?: string) {
    const h = await this.hearings().load(documentId, null);
    const participants: Participant[] = h.participants;
    const kindName = (HEARING_KINDS as any)[h.kind];
    const chair = participants.find((p) => p.role === 'chair');
    const panel = participants.filter((p) => p.role === 'panel').map((p) => `${p.name}（${PANEL_CATEGORIES[p.category ?? 'other']}）`);
    const issuedAt = new Date();
    const docs = getService(strapi, 'document');
    for (const [i, p] of participants.entries()) {
      const doc = await docs.issue({
        kind: 'hearing-notice',
        input: {
          noticeNumber: `${h.petition?.referenceNo ?? h.organisation?.name ?? ''}-会${h.id}-${i + 1}`,
          recipient: { name: p.name, role: PARTICIPANT_ROLES[p.role] },
          caseReference: h.petition?.referenceNo ?? '—',
          matter: h.petition?.subject ?? h.title,
          hearingType: kindName,
          startsAt: new Date(h.start),
          place: this.place(h),
          host: chair?.name,
          panel,
          isPublic: !!h.isPublic,
          issuer: h.organisation?.name,
          issuedAt,
        },
        subjectKey: `hearing:${h.documentId}:${i}`,
        addressee: p.name,
        petition: h.petition?.documentId,
        organisation: h.organisation?.documentId,
        userId: caller?.id ?? null,
        issuedAt,
        options: { organisationName: h.organisation?.name },
      });
      p.notice = { documentId: doc.documentId, version: doc.version };
    }
    await strapi.db.query(H).update({ where: { id: h.id }, data: { participants } });
    const title =
      why === 'schedule' ? `会议通知：${kindName}，${fmt(new Date(h.start))}` : `会议改期：${kindName}改在 ${fmt(new Date(h.start))}`;
    await this.tell(
      h,
      { title, body: `${h.title}，地点：${this.place(h)}${reason ? `；改期原因：${reason}` : ''}。通知书可在工作台下载。` },
      caller,
    );
  },

  async tell(h: any, message: { title: string; body: string }, caller: Caller | null) {
    const ids = this.recipients(h, caller?.id);
    if (!ids.length) return 0;
    return getService(strapi, 'notification').notify(ids, { kind: 'hearing', ...message, link: `/desk/#/hearings/${h.documentId}` });
  },

  /** The notice PDF of one participant: staff who may see the hearing get any; a participant from outside the jurisdiction (an expert) only its own. */
  async noticeFile(documentId: string, index: number, caller: Caller) {
    const h = await this.hearings().load(documentId, caller);
    const p: Participant | undefined = h.participants[index];
    const own = !!p && (p.user === caller.id || p.expertUser === caller.id);
    if (!own && (caller.role === 'expert' || !(await strapi.documents(H).findOne({ documentId, fields: ['id'] }))))
      throw new errors.NotFoundError('通知书不存在');
    if (!p?.notice) throw new errors.NotFoundError('通知书不存在');
    return this.readDocument(p.notice.documentId, documentId, '听证通知书', p.name);
  },

  /** The minutes PDF (听证笔录): attendance, opinions and votes, conclusion, outcome, case move; signed by those present. */
  async issueMinutes(documentId: string, caller: Caller) {
    const h = await this.hearings().load(documentId, null);
    const m = json<any>(h.minutes, null);
    if (!m) return null;
    const ps: Participant[] = h.participants;
    const who = (i: number) => ps[i] ?? { name: `第${i + 1}位`, role: 'observer' as const };
    const move = json<any>(h.caseMove, null);
    const recorder = await strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { id: caller.id }, select: ['username', 'fullName'] });
    const doc = await getService(strapi, 'document').issue({
      kind: 'hearing-minutes',
      input: {
        recordNumber: `${h.petition?.referenceNo ?? h.organisation?.name ?? ''}-会${h.id}`,
        hearingType: (HEARING_KINDS as any)[h.kind],
        caseReference: h.petition?.referenceNo,
        matter: h.petition?.subject ?? h.title,
        startsAt: new Date(h.start),
        place: this.place(h),
        host: ps.find((p) => p.role === 'chair')?.name,
        attendance: (m.attendance ?? []).map((a: any) => ({
          name: who(a.participant).name,
          role: PARTICIPANT_ROLES[who(a.participant).role],
          present: !!a.present,
          ...(a.note ? { note: a.note } : {}),
        })),
        opinions: (m.opinions ?? []).map((o: any) => ({
          name: who(o.participant).name,
          role: PARTICIPANT_ROLES[who(o.participant).role],
          ...(o.vote ? { vote: (VOTES as any)[o.vote] } : {}),
          opinion: o.opinion,
        })),
        tally: m.tally,
        conclusion: m.conclusion,
        outcome: (OUTCOMES as any)[m.outcome] ?? m.outcome,
        ...(move
          ? { caseMove: `${moveLabel(move.action)}：${(STATES as any)[move.from] ?? move.from} → ${(STATES as any)[move.to] ?? move.to}` }
          : {}),
        recorder: recorder?.fullName || recorder?.username || '',
        recordedAt: new Date(m.at),
      },
      subjectKey: `hearing:${h.documentId}:minutes`,
      petition: h.petition?.documentId,
      organisation: h.organisation?.documentId,
      userId: caller.id,
      options: { organisationName: h.organisation?.name },
    });
    await strapi.db
      .query(H)
      .update({ where: { id: h.id }, data: { minutes: { ...m, document: { documentId: doc.documentId, version: doc.version } } } });
    return doc;
  },

  /** The minutes PDF, for anyone who may see the hearing. */
  async minutesFile(documentId: string, caller: Caller) {
    const h = await this.hearings().load(documentId, caller);
    const ref = json<any>(h.minutes, null)?.document;
    if (!ref) throw new errors.NotFoundError('笔录尚未出具');
    return this.readDocument(ref.documentId, documentId, `${(HEARING_KINDS as any)[h.kind]}笔录`);
  },

  async readDocument(docDocumentId: string, hearing: string, title: string, addressee?: string) {
    const doc = await strapi.db
      .query(HEARING_NOTICE_DOC)
      .findOne({ where: { documentId: docDocumentId }, populate: { petition: { select: ['referenceNo'] } } });
    const docs = getService(strapi, 'document');
    const bytes = await docs.fileBytes(doc);
    await strapi.service('api::audit-entry.audit-entry').record({
      action: 'download-document',
      targetUid: HEARING_NOTICE_DOC,
      targetDocumentId: doc.documentId,
      detail: { kind: doc.kind, version: doc.version, hearing },
    });
    return { bytes, ...docs.fileName({ ...doc, title, addressee: doc.addressee ?? addressee }, doc.petition?.referenceNo) };
  },

  /** Reminders 24 h and 1 h before each scheduled hearing, each claimed once across instances. */
  async sendDueReminders(now: Date = new Date()): Promise<number> {
    const due = await strapi.db.query(H).findMany({
      where: { state: 'scheduled', start: { $gt: now, $lte: new Date(now.getTime() + REMINDERS[0].before) } },
      select: ['id', 'documentId', 'title', 'kind', 'start', 'videoLink', 'participants', 'remindedDay', 'remindedHour'],
      populate: { room: { select: ['name', 'address'] } },
      limit: 5000,
    });
    let sent = 0;
    for (const h of due) {
      const left = new Date(h.start).getTime() - now.getTime();
      const r = left <= REMINDERS[1].before ? (h.remindedHour ? null : REMINDERS[1]) : h.remindedDay ? null : REMINDERS[0];
      if (!r) continue;
      const data: Record<string, boolean> = { [r.field]: true, ...(r.key === 'hour' ? { remindedDay: true } : {}) };
      const { count } = await strapi.db.query(H).updateMany({ where: { id: h.id, [r.field]: false }, data });
      if (!count) continue;
      await this.tell(
        h,
        {
          title: `会议提醒（${r.label}后）：${h.title}`,
          body: `${(HEARING_KINDS as any)[h.kind]}将于 ${fmt(new Date(h.start))} 在${this.place(h)}举行。`,
        },
        null,
      );
      sent += 1;
    }
    return sent;
  },

  /**
   * The public announcement (听证公告) of upcoming public hearings: kind, matter type, time,
   * place, organiser and the panel's make-up. Petitioners appear as surname + 某; no ID
   * numbers, no phone numbers, no free text from the case file.
   */
  async announcements(now: Date = new Date()) {
    const rows = await strapi.db.query(H).findMany({
      where: { state: 'scheduled', isPublic: true, start: { $gt: now, $lt: new Date(now.getTime() + 60 * 86_400_000) } },
      select: ['documentId', 'kind', 'start', 'end', 'participants', 'videoLink'],
      populate: {
        room: { select: ['name', 'address'] },
        organisation: { select: ['name'] },
        petition: { select: ['id'], populate: { caseType: { select: ['name'] } } },
      },
      orderBy: { start: 'asc' },
      limit: 200,
    });
    return rows.map((h) => {
      const ps = json<Participant[]>(h.participants, []);
      const petitioners = ps.filter((p) => p.role === 'petitioner').map((p) => maskName(p.name));
      const panel: Record<string, number> = {};
      for (const p of ps.filter((x) => x.role === 'panel'))
        panel[PANEL_CATEGORIES[p.category ?? 'other']] = (panel[PANEL_CATEGORIES[p.category ?? 'other']] ?? 0) + 1;
      const kindName = (HEARING_KINDS as any)[h.kind];
      const who = petitioners.length > 1 ? `${petitioners[0]}等${petitioners.length}人` : (petitioners[0] ?? '信访人');
      return {
        id: h.documentId,
        kind: kindName,
        title: `关于${who}反映${h.petition?.caseType?.name ? `的${h.petition.caseType.name}` : '的信访'}事项的${kindName}公告`,
        start: h.start,
        end: h.end,
        place: h.room ? `${h.room.name}${h.room.address ? `（${h.room.address}）` : ''}` : '视频会议',
        organiser: h.organisation?.name ?? null,
        petitioners,
        panel,
        observe: `欢迎群众旁听。如需旁听，请于${formatDate(new Date(new Date(h.start).getTime() - 86_400_000))}前与${h.organisation?.name ?? '组织单位'}联系登记。`,
      };
    });
  },
});

const HEARING_NOTICE_DOC = 'plugin::fangtiao.generated-document';
