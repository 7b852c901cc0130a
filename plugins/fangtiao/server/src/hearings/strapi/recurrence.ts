import type { Core } from '@strapi/strapi';
import { JOINT_CADENCE, periodOf } from '../rules';
import { HEARING_UID } from './schema';
import { getService } from '../../utils/get-service';

const ORG = 'api::organisation.organisation';
const USER = 'plugin::users-permissions.user';

/**
 * Joint consultations on the documents' cadence (联动会商: 市月度、县级半月、乡级周会商): for
 * each city, county and township organisation, one meeting in the current period and the
 * next, chaired by the organisation's first leader, with its supervisors (联席办), in the
 * earliest free slot of a room of its own. The period key is unique per organisation, so
 * running the job again — or on two instances — makes nothing twice.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async generate(now: Date, progress?: (done: number, total: number) => Promise<void>) {
    const hearings = getService(strapi, 'hearings');
    const planning = getService(strapi, 'hearing-planning');
    const orgs = await strapi.db.query(ORG).findMany({
      where: { level: { $in: Object.keys(JOINT_CADENCE) } },
      select: ['id', 'documentId', 'name', 'level'],
      orderBy: { id: 'asc' },
    });
    // periodOver: no working-day slot is left in the period after the notice (e.g. a weekly
    // meeting looked at on Friday): nothing is booked for it — the next period has its own.
    const counts = { created: 0, existing: 0, noLeader: 0, noSlot: 0, periodOver: 0 };
    const cal = await planning.calendar();
    for (const [n, org] of orgs.entries()) {
      const cadence = (JOINT_CADENCE as any)[org.level];
      const current = periodOf(cadence, now.getTime());
      for (const period of [current, periodOf(cadence, current.end + 1)]) {
        const key = `joint:${org.documentId}:${period.key}`;
        if (await strapi.db.query(HEARING_UID.hearing).findOne({ where: { recurrenceKey: key }, select: ['id'] })) {
          counts.existing += 1;
          continue;
        }
        const staff = await strapi.db.query(USER).findMany({
          where: { blocked: false, organisation: { id: org.id }, role: { type: { $in: ['leader', 'supervisor'] } } },
          select: ['id', 'documentId'],
          populate: { role: { select: ['type'] } },
          orderBy: { id: 'asc' },
          limit: 20,
        });
        const chair = staff.find((u) => u.role?.type === 'leader');
        if (!chair) {
          counts.noLeader += 1;
          continue;
        }
        const from = Math.max(period.start, cal.earliestAfterNotice(now.getTime(), 1));
        if (from >= period.end) {
          counts.periodOver += 1;
          continue;
        }
        const input = {
          kind: 'joint_consultation',
          organisation: org.documentId,
          participants: [
            { role: 'chair', user: chair.documentId },
            ...staff.filter((u) => u.role?.type === 'supervisor').map((u) => ({ role: 'work_team', user: u.documentId })),
          ],
        };
        try {
          const plan = await planning.plan(input, null);
          const found = await planning.slotsFor(plan, from, period.end, 1);
          if (!found.slots.length) {
            counts.noSlot += 1;
            continue;
          }
          // The job's clock, not the wall clock, decides what is too soon (tests run it on fixed dates).
          await hearings.create({ ...input, start: found.slots[0].start, room: found.slots[0].room?.documentId }, null, {
            recurrenceKey: key,
            title: `${org.name}联席会商（${period.key}）`,
            now: now.getTime(),
          });
          counts.created += 1;
        } catch (e: any) {
          // A room missing or a clash at the last moment: counted, retried on the next run.
          counts.noSlot += 1;
          strapi.log.info(`[hearings] joint consultation ${key} not scheduled: ${e.message}`);
        }
      }
      if (progress && (n % 10 === 9 || n === orgs.length - 1)) await progress(n + 1, orgs.length);
    }
    return counts;
  },
});
