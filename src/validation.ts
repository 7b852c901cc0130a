import { errors } from '@strapi/utils';

export type FieldError = { path: (string | number)[]; message: string };

/** Throws Strapi's ValidationError (400) listing every failing field with its reason. */
export function throwIfInvalid(problems: FieldError[], summary = '提交的数据有误') {
  if (!problems.length) return;
  throw new errors.ValidationError(`${summary}：${problems.map((p) => `${p.path.join('.')} ${p.message}`).join('；')}`, {
    errors: problems.map((p) => ({ path: p.path.map(String), message: p.message, name: 'ValidationError' })),
  });
}

/**
 * The admin panel's Content Manager sends an edited JSON attribute as its text. Parses every
 * JSON attribute of `model` given as text, once, where input is read, so checks see the value
 * (and the value, not the text, is stored). Text that does not parse is reported per field.
 */
export function parseJsonAttributes(model: { attributes: Record<string, any> } | undefined, data: Record<string, any>) {
  const value: Record<string, any> = { ...data };
  const problems: FieldError[] = [];
  for (const [key, attribute] of Object.entries(model?.attributes ?? {})) {
    if (attribute?.type !== 'json' || typeof value[key] !== 'string') continue;
    const text = value[key].trim();
    if (!text) {
      value[key] = null;
      continue;
    }
    try {
      value[key] = JSON.parse(text);
    } catch (e) {
      problems.push({ path: [key], message: `不是有效的 JSON（${e instanceof SyntaxError ? e.message : String(e)}）` });
    }
  }
  return { value, problems };
}
