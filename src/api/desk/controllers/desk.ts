import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../../../constants';
import { currentCaller } from '../../../jurisdiction/current';
import { usersInScope } from '../../../jurisdiction/users';

const PICKABLE = ['mediator', 'leader', 'clerk', 'expert'];

/** What the desk needs about the caller and the people it may assign work to. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async me(ctx: any) {
    const caller = (await currentCaller(strapi, ctx))!;
    const user = await strapi.db.query(UID.user).findOne({
      where: { id: caller.id },
      select: ['id', 'documentId', 'username', 'fullName'],
      populate: { role: { select: ['type', 'name'] }, organisation: { select: ['documentId', 'name', 'code', 'level'] } },
    });
    return { data: { ...user, role: user.role?.type, roleName: user.role?.name } };
  },

  async users(ctx: any) {
    const role = String(ctx.query.role ?? '');
    if (!PICKABLE.includes(role)) throw new errors.ValidationError('role 不正确', { errors: [{ path: ['role'], message: `可选：${PICKABLE.join('、')}` }] });
    const caller = (await currentCaller(strapi, ctx))!;
    return { data: await usersInScope(strapi, caller.jurisdiction!, role) };
  },
});
