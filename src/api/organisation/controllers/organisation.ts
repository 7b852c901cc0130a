import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../../../constants';
import { throwIfInvalid } from '../../../validation';

const PARAM_USE: Record<string, string> = { filters: '筛选', sort: '排序', fields: '选取', populate: '关联查询' };

/**
 * An organisation's scope columns (cityCode, countyCode …) are internal, as on every scoped
 * model: they are not in the output, and a query that names them is refused — Strapi's own
 * "Invalid key" 400, said here in Chinese with the field as its path. The public way to a
 * county's organisations is its code: `filters[code][$startsWith]=990102` or `filters[parent][code]`.
 */
async function namingHiddenFields<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e: any) {
    const d = e instanceof errors.ValidationError ? e.details : null;
    if (!d?.key || !d?.param) throw e;
    const path = [d.param, ...String(d.path ?? d.key).split('.')];
    throwIfInvalid([{ path, message: `“${d.key}”不是公开字段，不能用于${PARAM_USE[d.param] ?? '查询'}` }], '查询参数有误');
    throw e;
  }
}

export default factories.createCoreController(UID.organisation, () => ({
  async find(ctx) {
    return namingHiddenFields(() => super.find(ctx));
  },
  async findOne(ctx) {
    return namingHiddenFields(() => super.findOne(ctx));
  },
}));
