import type { Core } from '@strapi/strapi';
import { contentDisposition } from '../../documents/file-names';
import { getService } from '../../utils/get-service';
import { SUBSIDY_UID } from './service';
import type { ExportLedger, GetLedger } from '../../../../shared/contracts/subsidy';
import type { Ctx } from '../../utils/context';

/** The monthly 以案定补 ledger; the XLSX export is audited (it names people and sums). */
export const subsidyController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async ledger(ctx: Ctx<GetLedger.Request>) {
    ctx.body = { data: await getService(strapi, 'subsidy').ledger(ctx.query ?? {}) } satisfies GetLedger.Response;
  },
  async export(ctx: Ctx<ExportLedger.Request>) {
    const { month, body } = await getService(strapi, 'subsidy').ledgerXlsx(ctx.query ?? {});
    await strapi
      .service('api::audit-entry.audit-entry')
      .record({ action: 'export-subsidy-ledger', targetUid: SUBSIDY_UID, detail: { month, committee: ctx.query?.committee ?? null } });
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set('Content-Disposition', contentDisposition(`以案定补台账-${month}.xlsx`, `subsidies-${month}.xlsx`));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = body;
  },
});
