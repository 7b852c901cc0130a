import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import { notifyHandlers, type PersonAction } from './staff-notify';

/**
 * Telling the person a case names that something waits for them on the petitioner's page
 * (/p/): the public channel's own reach to the person, by the SMS provider it logs in with.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * A document for the person a credit flag names (the notice, a decision): an SMS to the phone
   * on record for that person in the flag's case, pointing to the petitioner's page, where
   * opening it is the electronic delivery. Returns whether a message went out (no phone on
   * record, or the gateway failing, leaves delivery to the office).
   */
  async notifyPerson(
    person: { idNumber?: string; name?: string },
    message: { kind: string; title: string; flag: string },
  ): Promise<boolean> {
    const flag = await strapi.db.query('plugin::fangtiao.credit-flag').findOne({
      where: { documentId: message.flag },
      select: ['idNumberHash'],
      populate: { petition: { select: ['id', 'referenceNo'], populate: { parties: true } } },
    });
    const party = (flag?.petition?.parties ?? []).find((x: any) => x.idNumberHash && x.idNumberHash === flag.idNumberHash && x.phone);
    if (!party) return false;
    const link = `${String(strapi.config.get('server.url') ?? '').replace(/\/$/, '')}/p/`;
    try {
      await getService(strapi, 'public-auth').sendSms({
        to: String(party.phone),
        template: 'notice',
        params: { title: message.title, referenceNo: flag.petition.referenceNo, link },
      });
      return true;
    } catch (e: any) {
      strapi.log.warn(`[notifications] SMS to the person failed (${person.name ?? ''}): ${e.message}`);
      return false;
    }
  },

  /**
   * The other way: the staff handling a case hear in their inbox that the person acted on it
   * online (a reply, added material, a review request). For modules that take the person's
   * input on /p/ (e.g. attachments: `notifyHandlers(petitionId, 'material')`).
   */
  notifyHandlers(petitionId: number, action: PersonAction, opts?: { detail?: string; also?: Array<number | null | undefined> }) {
    return notifyHandlers(strapi, petitionId, action, opts);
  },
});
