/**
 * The request context the plugin's controllers receive: Koa's, as Strapi hands it over (koa-body's
 * `request.body` and `request.files`, the router's `params`), with the query read as the plugin's
 * endpoints read it — flat strings (qs may nest; no endpoint of the plugin takes a nested query).
 * `Ctx<GetX.Request>` narrows params and query to the endpoint's contract (shared/contracts).
 */
import type { Context } from 'koa';

type RequestShape = { params?: object; query?: object; body?: unknown };

export type Ctx<R extends RequestShape = {}> = Context & {
  params: (R extends { params: infer P } ? P : unknown) & Record<string, string>;
  query: (R extends { query: infer Q } ? Q : unknown) & Record<string, string | undefined>;
};
