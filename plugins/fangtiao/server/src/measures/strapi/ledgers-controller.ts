import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { getService } from '../../utils/get-service';
import { scopeOf } from './controller';
import type { Ctx } from '../../utils/context';

/** The first-petition ledgers (日日清、周周结、月月审) for the desk; every read and export is in the audit log. */
export const ledgersController = ({ strapi }: { strapi: Core.Strapi }) => {
  /** The ledger the request asks for: its cadence, period and the caller's (or a narrower) organisation. */
  const request = async (ctx: Ctx) => {
    const scope = await scopeOf(strapi, ctx, false);
    return { scope, query: { cadence: ctx.query.cadence, period: ctx.query.period, scope, narrow: !!ctx.query.org } };
  };
  const audit = (
    action: string,
    scope: { code?: string } | null | undefined,
    period: { cadence: string; key: string },
    detail: Record<string, unknown>,
  ) =>
    strapi.service(UID.auditEntry).record({
      action,
      targetUid: UID.petition,
      detail: { ledger: `first-petition-${period.cadence}`, period: period.key, organisation: scope?.code ?? null, ...detail },
    });

  return {
    async firstPetitions(ctx: Ctx) {
      const { scope, query } = await request(ctx);
      const { rows, ...meta } = await getService(strapi, 'ledgers').list(query);
      await audit('read-ledger', scope, meta.period, { rows: rows.length });
      ctx.body = { data: rows, meta };
    },

    async exportFirstPetitions(ctx: Ctx) {
      const { scope, query } = await request(ctx);
      const out = await getService(strapi, 'ledgers').exportXlsx(query);
      await audit('export-ledger', scope, out.period, { format: 'xlsx', rows: out.rows.length });
      ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      ctx.set(
        'Content-Disposition',
        `attachment; filename="first-petitions-${out.period.cadence}-${out.period.key}.xlsx"; filename*=UTF-8''${encodeURIComponent(out.filename)}`,
      );
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = out.buffer;
    },
  };
};
