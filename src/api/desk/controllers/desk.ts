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
    if (!PICKABLE.includes(role))
      throw new errors.ValidationError('role 不正确', { errors: [{ path: ['role'], message: `可选：${PICKABLE.join('、')}` }] });
    const caller = (await currentCaller(strapi, ctx))!;
    // ?committee=<documentId>: the mediators of that committee's organisation and below (404 outside the jurisdiction).
    let within: { level: any; code: string } | undefined;
    if (ctx.query.committee !== undefined) {
      if (role !== 'mediator')
        throw new errors.ValidationError('committee 只用于调解员', {
          errors: [{ path: ['committee'], message: '只有选择调解员时可按调解委员会筛选' }],
        });
      const committee: any = await strapi
        .documents(UID.committee)
        .findOne({ documentId: String(ctx.query.committee), populate: { organisation: { fields: ['code', 'level'] } } as any });
      if (!committee) throw new errors.NotFoundError('调解委员会不存在或不在管辖范围内');
      if (!committee.organisation) return { data: [] };
      within = { level: committee.organisation.level, code: committee.organisation.code };
    }
    return { data: await usersInScope(strapi, caller.jurisdiction!, role, within) };
  },
});
