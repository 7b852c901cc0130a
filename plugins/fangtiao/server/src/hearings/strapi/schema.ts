import { SCOPE_ATTRIBUTES } from '../../constants';
import { HEARING_KINDS, HEARING_STATES } from '../rules';

export const HEARING_UID = {
  kind: 'plugin::fangtiao.hearing-type',
  room: 'plugin::fangtiao.room',
  calendar: 'plugin::fangtiao.work-calendar',
  hearing: 'plugin::fangtiao.hearing',
} as const;

// A fresh object per attribute: Strapi writes each relation's join table into its attribute object.
const organisation = () => ({ type: 'relation', relation: 'manyToOne', target: 'api::organisation.organisation' }) as const;
const user = () => ({ type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' }) as const;
const inAdmin = () => ({ 'content-manager': { visible: true }, 'content-type-builder': { visible: false } });
const keys = (o: object) => Object.keys(o);

/** A hearing type (听证类型): who must take part, notice period, public or not; seeded with the four kinds. */
export const hearingType = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_hearing_types',
    info: {
      singularName: 'hearing-type',
      pluralName: 'hearing-types',
      displayName: '听证类型 Hearing type',
      description: 'Roles required, minimum notice in working days, public or not',
    },
    options: { draftAndPublish: false },
    pluginOptions: inAdmin(),
    attributes: {
      code: { type: 'enumeration', enum: keys(HEARING_KINDS), required: true, unique: true },
      name: { type: 'string', required: true },
      /** { chair: { min: 1, max: 1 }, panel: { min: 3 }, … } */
      roles: { type: 'customField', customField: 'plugin::fangtiao.role-counts', required: true },
      noticeWorkingDays: { type: 'integer', min: 0, max: 30, default: 3 },
      isPublic: { type: 'boolean', default: false },
      defaultMinutes: { type: 'integer', min: 30, max: 480, default: 120 },
      needsCase: { type: 'boolean', default: true },
    },
  },
};

/** A room (会议室 / 听证室) of an organisation, with its capacity. */
export const room = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_rooms',
    info: { singularName: 'room', pluralName: 'rooms', displayName: '会议室 Room', description: 'A venue for hearings and consultations' },
    options: { draftAndPublish: false },
    pluginOptions: inAdmin(),
    attributes: {
      name: { type: 'string', required: true },
      organisation: organisation(),
      capacity: { type: 'integer', min: 1, required: true, default: 12 },
      address: { type: 'string' },
      /** A standing video-conference link for hybrid meetings (optional). */
      videoLink: { type: 'string' },
      active: { type: 'boolean', default: true },
      ...SCOPE_ATTRIBUTES,
    },
  },
};

/** The working calendar (工作日历): office hours, public holidays, adjusted working days. */
export const workCalendar = {
  schema: {
    kind: 'singleType',
    collectionName: 'fangtiao_work_calendars',
    info: {
      singularName: 'work-calendar',
      pluralName: 'work-calendars',
      displayName: '工作日历 Work calendar',
      description: 'Office hours, holidays and adjusted working days (Asia/Shanghai)',
    },
    options: { draftAndPublish: false },
    pluginOptions: inAdmin(),
    attributes: {
      /** [{ start: '08:30', end: '12:00' }, …] */
      hours: { type: 'json', required: true },
      /** ['2026-10-01', …] */
      holidays: { type: 'customField', customField: 'plugin::fangtiao.date-list' },
      /** ['2026-10-10', …] */
      workdays: { type: 'customField', customField: 'plugin::fangtiao.date-list' },
      confirmedThrough: { type: 'date' },
    },
  },
};

/**
 * A hearing or meeting (听证 / 三方会审 / 群众评议 / 联席会商): kind, case, place or video link,
 * time, participants, notices, minutes and outcome. Its people and room hold their time in
 * the busy grid. Scoped through its organisation.
 */
export const hearing = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_hearings',
    info: {
      singularName: 'hearing',
      pluralName: 'hearings',
      displayName: '听证会商 Hearing',
      description: 'Tripartite reviews, petition hearings, evaluations and joint consultations',
    },
    options: { draftAndPublish: false },
    pluginOptions: inAdmin(),
    attributes: {
      kind: { type: 'enumeration', enum: keys(HEARING_KINDS), required: true },
      title: { type: 'string', required: true },
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      organisation: organisation(),
      room: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.room' },
      videoLink: { type: 'string' },
      start: { type: 'datetime', required: true },
      end: { type: 'datetime', required: true },
      isPublic: { type: 'boolean', default: false },
      urgent: { type: 'boolean', default: false },
      state: { type: 'enumeration', enum: keys(HEARING_STATES), default: 'scheduled' },
      /** [{ role, user?, expert?, party?, name, category?, organisation?, notice? }] — resolved names, no ID numbers. */
      participants: { type: 'json', required: true },
      scheduledBy: user(),
      /** Every change: action, who, why, from/to times, when. */
      history: { type: 'json' },
      /** { attendance, opinions, tally, conclusion, recordedBy, at } */
      minutes: { type: 'json' },
      /** accepted | not-accepted | adjourned (the early-warning rule reads it). */
      outcome: { type: 'string' },
      /** The case move the conclusion made, if any. */
      caseMove: { type: 'json' },
      /** Joint consultations generated by the job: organisation and period (unique). */
      recurrenceKey: { type: 'string' },
      remindedDay: { type: 'boolean', default: false },
      remindedHour: { type: 'boolean', default: false },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
