import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { getService } from '../../utils/get-service';
import { scopeOf } from './controller';

/** The first-petition ledgers (日日清、周周结、月月审) for the desk; every read and export is in the audit log. */
export const ledgersController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async firstPetitions(ctx: any) {
    const scope = await scopeOf(strapi, ctx, false);
    const out = await getService(strapi, 'ledgers').list({
      cadence: ctx.query.cadence,
      period: ctx.query.period,
      scope,
      narrow: !!ctx.query.org,
    });
    await strapi.service(UID.auditEntry).record({
      action: 'read-ledger',
      targetUid: UID.petition,
      detail: {
        ledger: `first-petition-${out.period.cadence}`,
        period: out.period.key,
        organisation: scope?.code ?? null,
        rows: out.rows.length,
      },
    });
    const { rows, ...meta } = out;
    ctx.body = { data: rows, meta };
  },

  async exportFirstPetitions(ctx: any) {
    const scope = await scopeOf(strapi, ctx, false);
    const out = await getService(strapi, 'ledgers').exportXlsx({
      cadence: ctx.query.cadence,
      period: ctx.query.period,
      scope,
      narrow: !!ctx.query.org,
    });
    await strapi.service(UID.auditEntry).record({
      action: 'export-ledger',
      targetUid: UID.petition,
      detail: {
        ledger: `first-petition-${out.period.cadence}`,
        format: 'xlsx',
        period: out.period.key,
        organisation: scope?.code ?? null,
        rows: out.rows.length,
      },
    });
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set(
      'Content-Disposition',
      `attachment; filename="first-petitions-${out.period.cadence}-${out.period.key}.xlsx"; filename*=UTF-8''${encodeURIComponent(out.filename)}`,
    );
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = out.buffer;
  },
});
