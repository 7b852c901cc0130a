import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Caller } from '@fangtiao/kernel';
import { scopeFilter } from '@fangtiao/kernel/pure';
import { UID } from '../../constants';
import type { MeasureScope } from './service';
import { getService } from '../../utils/get-service';
import type { GetDashboard, GetOrganisations, GetRows } from '../../../../shared/contracts/measures';
import type { Ctx } from '../../utils/context';

/**
 * The scope of a request: an end user's own jurisdiction, or an organisation inside it
 * (`?org=<code>`); in the admin panel any organisation, or everything without `org`.
 */
export async function scopeOf(strapi: Core.Strapi, ctx: Ctx, admin: boolean): Promise<MeasureScope> {
  const org = typeof ctx.query.org === 'string' && ctx.query.org ? ctx.query.org : null;
  if (admin) return org ? getService(strapi, 'measures').organisationScope(org, null) : null;
  const caller = ctx.state.caller as Caller; // loaded by the global::in-jurisdiction policy
  if (!caller?.jurisdiction) throw new errors.ForbiddenError('没有所属组织');
  const own: MeasureScope = { level: caller.jurisdiction.level, code: caller.jurisdiction.code };
  return org
    ? getService(strapi, 'measures').organisationScope(org, own)
    : getService(strapi, 'measures').organisationScope(own!.code, null);
}

const controller =
  (admin: boolean) =>
  ({ strapi }: { strapi: Core.Strapi }) => ({
    async dashboard(ctx: Ctx<GetDashboard.Request>) {
      const scope = await scopeOf(strapi, ctx, admin);
      const { query } = ctx;
      const trend = query.trend ? Number(query.trend) : undefined;
      const body: GetDashboard.Response = {
        data: await getService(strapi, 'measures').dashboard({ scope, period: query.period, kind: query.kind, trend }),
      };
      ctx.body = body;
    },

    async rows(ctx: Ctx<GetRows.Request>) {
      const scope = await scopeOf(strapi, ctx, admin);
      const { params, query } = ctx;
      const out = await getService(strapi, 'measures').rows({ measure: params.measure, scope, period: query.period, kind: query.kind });
      const { rows, ...meta } = out;
      const body: GetRows.Response = { data: rows, meta };
      ctx.body = body;
    },

    /** XLSX of the dashboard and the ledger rows behind it; every export is in the audit log. */
    async export(ctx: Ctx) {
      const scope = await scopeOf(strapi, ctx, admin);
      const measure = typeof ctx.query.measure === 'string' && ctx.query.measure ? ctx.query.measure : undefined;
      const out = await getService(strapi, 'measures').exportXlsx({ scope, period: ctx.query.period, kind: ctx.query.kind, measure });
      // The ledger behind the figures is petitions: that is what leaves the system.
      await strapi.service(UID.auditEntry).record({
        action: 'export-measures',
        targetUid: UID.petition,
        detail: {
          format: 'xlsx',
          period: out.dashboard.period.key,
          organisation: scope?.code ?? null,
          measure: measure ?? null,
          rows: out.rowCount,
        },
      });
      ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      ctx.set(
        'Content-Disposition',
        `attachment; filename="measures-${out.dashboard.period.key}.xlsx"; filename*=UTF-8''${encodeURIComponent(out.filename)}`,
      );
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = out.buffer;
    },

    /** Organisations the caller may pick (its own and those below). */
    async organisations(ctx: Ctx) {
      const where: Record<string, unknown> = {};
      if (!admin) {
        const caller = ctx.state.caller as Caller;
        if (!caller?.jurisdiction) throw new errors.ForbiddenError('没有所属组织');
        Object.assign(where, scopeFilter(caller.jurisdiction));
      }
      const rows = await strapi.db
        .query('api::organisation.organisation')
        .findMany({ where, select: ['code', 'name', 'level'], orderBy: { code: 'asc' } });
      const body: GetOrganisations.Response = { data: rows.map((r) => ({ code: r.code, name: r.name, level: r.level })) };
      ctx.body = body;
    },
  });

export const measuresController = controller(false);
export const measuresAdminController = controller(true);
