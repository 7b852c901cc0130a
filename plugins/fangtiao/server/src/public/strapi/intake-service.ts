import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { emailHash, hashOf, throwIfInvalid, type FieldError } from '@fangtiao/kernel';
import { UID } from '../../constants';
import { isEmail, isMobile, normaliseEmail, normaliseMobile } from '../rules';
import { linkEmail } from './emails';
import type { PublicSession } from './auth-service';

/** The case types that take online petitions, each with the fields of its form the public sees. */
const publicFieldsOf = (t: any): string[] =>
  Array.isArray(t.publicFields) ? t.publicFields.filter((k: unknown) => typeof k === 'string') : [];

/**
 * Online petitions (网上信访): the person picks the place and the matter type, fills the public
 * part of the type's form (checked by the same server rules as the desk's), names the parties,
 * and consents separately to sensitive personal information before giving an ID number (PIPL
 * arts. 14, 29). It arrives as channel 网上, registered at the chosen organisation, with its
 * acceptance clock running; the receipt is the reference number and a query code.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async options() {
    const [types, orgs] = await Promise.all([
      strapi.db.query(UID.caseType).findMany({
        where: { onlineIntake: true },
        select: ['documentId', 'name', 'formSchema', 'publicFields'],
        orderBy: { name: 'asc' },
      }),
      strapi.db.query(UID.organisation).findMany({
        select: ['documentId', 'name', 'level', 'code'],
        populate: { parent: { select: ['documentId'] } },
        orderBy: { code: 'asc' },
        limit: 5000,
      }),
    ]);
    return {
      caseTypes: types.map((t) => {
        const keys = publicFieldsOf(t);
        return { id: t.documentId, name: t.name, fields: (t.formSchema?.fields ?? []).filter((f: any) => keys.includes(f.key)) };
      }),
      // The tree: the person picks a township or a village; counties and the city group them.
      organisations: orgs.map((o) => ({ id: o.documentId, name: o.name, level: o.level, parent: o.parent?.documentId ?? null })),
    };
  },

  async submit(session: PublicSession, input: any) {
    if (!session.phoneHash) throw new errors.ForbiddenError('网上提交信访事项须先用手机验证码登录');
    const problems: FieldError[] = [];
    const parties: any[] = Array.isArray(input.parties) ? input.parties : [];
    const first = parties[0];
    // The person filing is the first party, with the phone they logged in with.
    if (!first || !isMobile(first.phone) || hashOf('phone', normaliseMobile(first.phone)) !== session.phoneHash) {
      problems.push({ path: ['parties', 0, 'phone'], message: '第一位信访人的手机号码须与登录手机号一致' });
    }
    if (parties.some((p) => p && p.idNumber) && input.consent?.sensitive !== true) {
      problems.push({ path: ['consent', 'sensitive'], message: '填写身份证号前，须单独同意处理敏感个人信息' });
    }
    const contactEmail = typeof input.contactEmail === 'string' ? input.contactEmail.trim() : '';
    if (contactEmail && !isEmail(contactEmail)) problems.push({ path: ['contactEmail'], message: '电子邮箱格式不正确（可不填）' });
    if (input.consent?.personal !== true) problems.push({ path: ['consent', 'personal'], message: '须同意《个人信息处理告知》后才能提交' });
    const type = input.caseType
      ? await strapi.db
          .query(UID.caseType)
          .findOne({ where: { documentId: String(input.caseType), onlineIntake: true }, select: ['id', 'documentId', 'publicFields'] })
      : null;
    if (!type) problems.push({ path: ['caseType'], message: '请选择可网上办理的事项类型' });
    const org = input.organisation
      ? await strapi.db.query(UID.organisation).findOne({
          where: { documentId: String(input.organisation), level: { $in: ['township', 'village'] } },
          select: ['id', 'documentId', 'level', 'code'],
        })
      : null;
    if (!org) problems.push({ path: ['organisation'], message: '请选择事发地的乡镇（街道）或村（社区）' });
    throwIfInvalid(problems);

    // The same registration as the desk's (numbering, deadlines, repeat detection, form checks),
    // by no clerk: the petition waits in the queue of the chosen organisation and those above it.
    const register = strapi.service('api::petition.petition');
    const parts = (p: any) => ({
      kind: 'person',
      role: p.role === 'respondent' ? 'respondent' : 'petitioner',
      name: p.name,
      idNumber: p.idNumber || null,
      phone: p.phone || null,
      address: p.address || null,
    });
    const { petition, queryCode } = await register.registerWithQueryCode(
      {
        channel: 'online',
        subject: input.subject,
        demands: input.demands,
        parties: parties.slice(0, 10).map(parts),
        organisation: org.documentId,
        caseType: type.documentId,
        formData: input.formData ?? {},
      },
      {
        id: null,
        username: 'public',
        role: null,
        jurisdiction: { level: org.level, code: org.code, organisationId: org.id, organisationDocumentId: org.documentId },
      },
      { onlyFields: publicFieldsOf(type) },
    );
    // The contact address, kept as its keyed hash only: it lets the filer log in by e-mail to see this case.
    if (contactEmail) await linkEmail(strapi, petition.id, emailHash(normaliseEmail(contactEmail)));
    // The receipt by SMS too; a gateway failure does not undo the filing (the page shows it).
    await strapi
      .plugin('fangtiao')
      .service('public-auth')
      .sendSms({ to: normaliseMobile(first.phone), template: 'receipt', params: { referenceNo: petition.referenceNo, queryCode } })
      .catch((e: Error) => strapi.log.warn(`receipt SMS not sent: ${e.message}`));
    return { referenceNo: petition.referenceNo as string, documentId: petition.documentId as string, queryCode };
  },
});
