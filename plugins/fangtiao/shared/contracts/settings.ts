/**
 * The values of the settings' custom fields (admin panel 系统设置), as the Content Manager
 * saves them and the settings guard (server/src/settings-guard.ts) checks them.
 */

/** date-list: days as YYYY-MM-DD (public holidays, adjusted working days), sorted, no repeats. */
export type DateList = string[];

/** recipients: who a warning notice is addressed to, by role and by the level of their organisation. */
export type Recipient = { role: string; level: string };

/** role-counts: per participant role of a hearing type, how many take part (max absent: no upper bound). */
export type RoleCount = { min: number; max?: number };
export type RoleCounts = Record<string, RoleCount>;
