import { errors } from '@strapi/utils';

export type FieldError = { path: (string | number)[]; message: string };

/** Throws Strapi's ValidationError (400) listing every failing field with its reason. */
export function throwIfInvalid(problems: FieldError[], summary = '提交的数据有误') {
  if (!problems.length) return;
  throw new errors.ValidationError(`${summary}：${problems.map((p) => `${p.path.join('.')} ${p.message}`).join('；')}`, {
    errors: problems.map((p) => ({ path: p.path.map(String), message: p.message, name: 'ValidationError' })),
  });
}
