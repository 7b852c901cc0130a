import type { Core } from '@strapi/strapi';
import { jurisdictionMiddleware } from './jurisdiction/document-middleware';
import { auditMiddleware } from './audit/document-middleware';
import { caseTypeMiddleware } from './case-types/document-middleware';
import { inputLimitsMiddleware } from './input-limits/document-middleware';
import { setupDatabase } from './database/setup';
import { seedRoles } from './bootstrap/roles';
import { recomputeLeapfrogVisits } from './bootstrap/visit-leapfrog';
import { fillFirstRepeatVisits } from './bootstrap/first-repeat';
import { loadDemoData, describeDemoUsers } from './bootstrap/demo-data';
import { ensureDemoAdmin } from './bootstrap/admin-user';
import { configureAuditLogView, configureSettingsViews } from './bootstrap/admin-views';
import { cacheRolePermissions } from './access/auth-cache';
import { cacheAuthenticatedUsers } from './access/user-cache';
import { useSecretKeyObject } from './access/jwt-key';
import { cacheApiTokenMisses } from './access/api-token-miss';
import { checkSessionOnEveryRequest, endSessionsOnAccountChange } from './access/sessions';
import { hideScopeColumns } from './middlewares/scope-columns';
import { protectPersonalData } from './personal-data/at-rest';
import { registerQueryScope } from './jurisdiction/query-scope';
import { installAuthNotify, startClusterBus, stopClusterBus } from './access/cluster-bus';
import { emitEntryEventsOnlyWhenHeard } from './database/entry-events';
import bodyParser from './middlewares/body-parser';
import { securityBuiltOnce } from './middlewares/security';
import { requestLogWhenEnabled } from './middlewares/request-log';
import { startAppCheckpointer, stopAppCheckpointer } from './database/checkpointer';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // Before any repository exists: Strapi's post-commit re-read of each written entry only when an `entry.*` listener needs it.
    emitEntryEventsOnlyWhenHeard(strapi);
    useSecretKeyObject(strapi);
    // Order matters: input over the limits is refused before anything else looks at it;
    // scoping runs next so the audit sees only writes that were allowed.
    strapi.documents.use(inputLimitsMiddleware(strapi));
    strapi.documents.use(jurisdictionMiddleware(strapi));
    strapi.documents.use(caseTypeMiddleware(strapi));
    strapi.documents.use(auditMiddleware(strapi));
    strapi.server.use(hideScopeColumns());
    // strapi::body, configured in config/middlewares.ts, with its parser built once instead of per request.
    strapi.get('middlewares').extend('strapi::body', () => bodyParser);
    // strapi::security, its headers built once instead of per request.
    strapi.get('middlewares').extend('strapi::security', securityBuiltOnce);
    // strapi::logger, skipped when its level is off (winston would build and drop the line).
    strapi.get('middlewares').extend('strapi::logger', requestLogWhenEnabled);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await protectPersonalData(strapi);
    registerQueryScope(strapi);
    await setupDatabase(strapi);
    await seedRoles(strapi);
    await recomputeLeapfrogVisits(strapi);
    await fillFirstRepeatVisits(strapi);
    await configureAuditLogView(strapi);
    await configureSettingsViews(strapi);
    cacheRolePermissions(strapi);
    cacheAuthenticatedUsers(strapi);
    cacheApiTokenMisses(strapi);
    checkSessionOnEveryRequest(strapi);
    endSessionsOnAccountChange(strapi);
    await installAuthNotify(strapi);
    await startClusterBus(strapi);
    startAppCheckpointer(strapi);
    if (process.env.FANGTIAO_DEMO === 'true') {
      const password = process.env.DEMO_PASSWORD;
      if (!password) throw new Error('FANGTIAO_DEMO needs DEMO_PASSWORD (scripts/demo.js writes it to .env)');
      const loaded = await loadDemoData(strapi, password);
      const admin = await ensureDemoAdmin(strapi);
      const lines = [loaded ? '已载入演示数据 Demo data loaded.' : '演示数据已存在，保留 Demo data kept.', describeDemoUsers(password)];
      if (admin) {
        lines.push(`管理后台 Admin panel: ${admin.email} / ${admin.password}  (shown once — write it down)`);
      }
      strapi.log.info('\n' + lines.join('\n'));
    }
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await stopClusterBus(strapi);
    await stopAppCheckpointer(strapi);
  },
};
