import { SCOPE_ATTRIBUTES } from '../../constants';
import { BOOKING_STATES, CONSULTATION_STATES, EXPERT_FIELDS, EXPERT_LEVELS, EXPERT_STATUSES, MODES, URGENCIES } from '../rules';

export const EXPERT_UID = {
  profile: 'plugin::fangtiao.expert-profile',
  pool: 'plugin::fangtiao.expert-pool',
  consultation: 'plugin::fangtiao.consultation',
  booking: 'plugin::fangtiao.consultation-booking',
} as const;

/** Bookings hold their expert's time in the busy grid shared with hearings (../../schedule). */

// A fresh object per attribute: Strapi writes each relation's join table into its attribute object.
const user = () => ({ type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' }) as const;
const organisation = () => ({ type: 'relation', relation: 'manyToOne', target: 'api::organisation.organisation' }) as const;
const petition = () => ({ type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' }) as const;
const inAdmin = () => ({ 'content-manager': { visible: true }, 'content-type-builder': { visible: false } });
const keys = (o: object) => Object.keys(o);

/** An expert (专家): linked user, organisation and level, fields, languages, weekly load limit, availability. */
export const expertProfile = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_expert_profiles',
    info: {
      singularName: 'expert-profile',
      pluralName: 'expert-profiles',
      displayName: '专家 Expert',
      description: 'A member of the expert pools: fields of expertise, languages, load limit, availability (Asia/Shanghai)',
    },
    options: { draftAndPublish: false },
    pluginOptions: inAdmin(),
    attributes: {
      displayName: { type: 'string', required: true },
      title: { type: 'string' },
      user: user(),
      organisation: organisation(),
      level: { type: 'enumeration', enum: keys(EXPERT_LEVELS), required: true, default: 'county' },
      /** law, psychology, social_work, local_worthy, industry */
      fields: { type: 'json' },
      tags: { type: 'json' },
      languages: { type: 'json' },
      weeklyLimit: { type: 'integer', min: 0, default: 5 },
      status: { type: 'enumeration', enum: keys(EXPERT_STATUSES), required: true, default: 'active' },
      /** { weekly: [{ weekday, start, end }], exceptions: [{ kind: leave|slot, from, to }] } — edited by the expert. */
      availability: { type: 'json' },
      /** Declared relations to people and cases acted on, for recusal (回避); edited by the expert. */
      declarations: { type: 'json', private: true },
      calendarToken: { type: 'string', private: true },
      pools: { type: 'relation', relation: 'manyToMany', target: 'plugin::fangtiao.expert-pool', mappedBy: 'members' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};

/** A named pool (专家库) of one organisation (county or city) and one field; members managed in the admin panel. */
export const expertPool = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_expert_pools',
    info: {
      singularName: 'expert-pool',
      pluralName: 'expert-pools',
      displayName: '专家库 Expert pool',
      description: 'Experts of one organisation and field',
    },
    options: { draftAndPublish: false },
    pluginOptions: inAdmin(),
    attributes: {
      name: { type: 'string', required: true },
      organisation: organisation(),
      level: { type: 'enumeration', enum: keys(EXPERT_LEVELS), required: true, default: 'county' },
      field: { type: 'enumeration', enum: keys(EXPERT_FIELDS), required: true },
      members: { type: 'relation', relation: 'manyToMany', target: 'plugin::fangtiao.expert-profile', inversedBy: 'pools' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};

/** A consultation request on a case (咨询申请), tiered: county pool first, then city. */
export const consultation = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_consultations',
    info: {
      singularName: 'consultation',
      pluralName: 'consultations',
      displayName: '专家咨询 Consultation',
      description: 'A request for expert advice on a case',
    },
    options: { draftAndPublish: false },
    pluginOptions: { ...inAdmin(), fangtiao: { scopeFrom: 'petition' } },
    attributes: {
      petition: petition(),
      requestedBy: user(),
      question: { type: 'text', required: true },
      field: { type: 'enumeration', enum: keys(EXPERT_FIELDS), required: true },
      urgency: { type: 'enumeration', enum: keys(URGENCIES), default: 'normal' },
      mode: { type: 'enumeration', enum: keys(MODES), required: true },
      windowStart: { type: 'datetime', required: true },
      windowEnd: { type: 'datetime', required: true },
      minutes: { type: 'integer', default: 60 },
      difficult: { type: 'boolean', default: false },
      /** The pool level now searched: county first, city after escalation. */
      level: { type: 'enumeration', enum: keys(EXPERT_LEVELS), default: 'county' },
      escalatedAt: { type: 'datetime' },
      escalationReason: { type: 'text' },
      state: { type: 'enumeration', enum: keys(CONSULTATION_STATES), default: 'open' },
      /** A request withdrawn before anyone was booked: when and why. */
      cancelledAt: { type: 'datetime' },
      cancelReason: { type: 'text' },
      /** Each recusal (回避): expert, reason, level, when. */
      recusals: { type: 'json' },
      opinionDocument: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.generated-document' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};

/** A booked slot of one expert for a consultation; its grid units make double booking impossible. */
export const consultationBooking = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_consultation_bookings',
    info: {
      singularName: 'consultation-booking',
      pluralName: 'consultation-bookings',
      displayName: '专家预约 Booking',
      description: 'An expert booked for a consultation',
    },
    options: { draftAndPublish: false },
    pluginOptions: { ...inAdmin(), fangtiao: { scopeFrom: 'petition' } },
    attributes: {
      consultation: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.consultation' },
      petition: petition(),
      expert: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.expert-profile' },
      bookedBy: user(),
      start: { type: 'datetime', required: true },
      end: { type: 'datetime', required: true },
      mode: { type: 'enumeration', enum: keys(MODES) },
      state: { type: 'enumeration', enum: keys(BOOKING_STATES), default: 'requested' },
      /** Every change: action, who, why, from/to times, when. */
      history: { type: 'json' },
      remindedDay: { type: 'boolean', default: false },
      remindedHour: { type: 'boolean', default: false },
      opinion: { type: 'text' },
      opinionAt: { type: 'datetime' },
      document: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.generated-document' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
