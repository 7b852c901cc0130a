import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import profiles from './profiles';
import matching from './matching';
import consultations from './consultations';
import booking from './booking';
import expertDesk from './expert-desk';
import { notify } from './common';

/**
 * Expert pools and consultations, one service as the controllers and the jobs see it. Pure rules
 * in ../rules.ts, ../availability.ts, ../matching.ts; the wiring is split by concern, each part
 * also registered on its own (as hearings' is): profiles.ts, matching.ts, consultations.ts,
 * booking.ts, expert-desk.ts. Each loads the facts, keeps the caller's jurisdiction (404 outside) and writes.
 * Double booking is impossible by construction: see booking.ts.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  ...profiles({ strapi }),
  ...matching({ strapi }),
  ...consultations({ strapi }),
  ...booking({ strapi }),
  ...expertDesk({ strapi }),
  /** The busy grid shared with hearings (see ../../schedule). */
  grid: () => getService(strapi, 'schedule'),
  /** Notifies users in-app and by email through the notifications module (when present). */
  notify: (userIds: Array<number | null | undefined>, message: { kind: string; title: string; body?: string; link?: string }) =>
    notify(strapi, userIds, message),
});
