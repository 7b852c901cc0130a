import { actionId, type AdminAction } from '../../server/src/admin-actions';

/** The admin permission a page or button needs (the server's list, so the two cannot drift). */
export const needs = (a: AdminAction) => [{ action: actionId(a), subject: null }];
