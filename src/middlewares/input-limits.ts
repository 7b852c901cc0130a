import { throwIfInvalid } from '../validation';
import { jsonProblems, LIMITS } from '../input-limits/rules';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Every content-API write, whichever module handles it and however it stores the data
 * (document service, query engine, knex): each string in the body is at most a long text
 * with clean characters, each number in range, each list bounded (src/input-limits/rules.ts).
 * Placed after strapi::body, which bounds the body's size. A multipart request's `data`
 * field is JSON text: it is checked as the JSON it holds. Paths inside `data` are named as
 * the services name them (`parties.0.name`, not `data.parties.0.name`).
 */
export default () => async (ctx: any, next: () => Promise<void>) => {
  if (WRITES.has(ctx.method) && ctx.path.startsWith('/api/')) {
    let body = ctx.request.body;
    if (ctx.is('multipart') && body && typeof body.data === 'string') {
      try {
        body = { ...body, data: JSON.parse(body.data) };
      } catch {
        // Not JSON: the controller says so; the text itself is still checked below.
      }
    }
    const { data, ...rest } = body && typeof body === 'object' && !Array.isArray(body) ? body : { data: undefined, body };
    throwIfInvalid([...jsonProblems(data), ...jsonProblems(rest)].slice(0, LIMITS.reported), '提交的内容超出限制');
  }
  await next();
};
