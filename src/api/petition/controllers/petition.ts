import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { petitions } from '../../../services';
import { currentCaller } from '../../../jurisdiction/current';

const dataOf = (ctx: any) => {
  const data = ctx.request.body?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new errors.ValidationError('请求体缺少 data 对象');
  return data;
};

export default factories.createCoreController('api::petition.petition', ({ strapi }) => ({
  async findOne(ctx) {
    const { id } = ctx.params;
    const query = await this.sanitizeQuery!(ctx);
    const doc = await petitions(strapi).findOne(id, query);
    if (!doc) throw new errors.NotFoundError('信访事项不存在');
    return this.transformResponse!(await this.sanitizeOutput!(doc, ctx));
  },

  async create(ctx) {
    const caller = await currentCaller(strapi, ctx);
    const doc = await petitions(strapi).register(dataOf(ctx), caller!);
    ctx.status = 201;
    return this.transformResponse!(await this.sanitizeOutput!(doc, ctx));
  },

  async update(ctx) {
    const doc = await petitions(strapi).editDetails(ctx.params.id, dataOf(ctx));
    return this.transformResponse!(await this.sanitizeOutput!(doc, ctx));
  },
}));
