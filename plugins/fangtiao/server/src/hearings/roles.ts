/**
 * The roles people take at a hearing, with their names. No imports: the admin panel's role
 * table (admin/src/settings) bundles this file as it is.
 */
export const PARTICIPANT_ROLES = {
  chair: '主持人',
  work_team: '工作专班',
  expert: '专家',
  petitioner: '信访人',
  panel: '评议员',
  observer: '列席人员',
} as const;
export type ParticipantRole = keyof typeof PARTICIPANT_ROLES;
