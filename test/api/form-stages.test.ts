import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';

/** A form field "required from stage X": a clerk registers without it; the move into X needs it. */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let caseType: string;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  const formSchema = {
    fields: [
      { key: 'disputeKind', label: '纠纷种类', type: 'text', required: true },
      { key: 'contractDate', label: '合同签订日期', type: 'date', required: true, requiredFrom: 'mediation' },
      { key: 'settledAmount', label: '调解金额', type: 'money', requiredFrom: 'conclusion' },
    ],
  };
  caseType = (
    await strapi.documents('api::case-type.case-type').create({ data: { name: '合同纠纷', code: 'contract-stages', formSchema } as any })
  ).documentId;
});
afterAll(stopStrapi);

const actors = () => ({ clerk, mediator, organisation: orgs.get('990102002')!, input: { caseType, formData: { disputeKind: '买卖' } } });
const move = (who: TestUser, id: string, action: string, input: object = {}) =>
  api(strapi, who).post(`/api/petitions/${id}/transition`, { action, input });

test('a clerk registers without the contract date, but diverting to mediation without it is a 400 naming the field', async () => {
  const { id } = await petitionIn(strapi, 'accepted', actors());
  const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const refused = await move(clerk, id, 'divert', { committee, mediator: mediator.id });
  expect(refused.status).toBe(400);
  expect(refused.body.error.details.errors).toEqual([
    expect.objectContaining({ path: ['formData', 'contractDate'], message: expect.stringContaining('调解阶段起必填') }),
  ]);
  expect((await api(strapi, clerk).get(`/api/petitions/${id}`)).body.data.state).toBe('accepted');

  expect(
    (await api(strapi, clerk).put(`/api/petitions/${id}/form`, { data: { disputeKind: '买卖', contractDate: '2026-03-01' } })).status,
  ).toBe(200);
  expect((await move(clerk, id, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
});

test('in mediation the form cannot be saved without the contract date, and the agreement needs the amount required from conclusion', async () => {
  const a = actors();
  a.input = { caseType, formData: { disputeKind: '买卖', contractDate: '2026-03-01' } };
  const { id } = await petitionIn(strapi, 'in_mediation', a);
  const emptied = await api(strapi, mediator).put(`/api/petitions/${id}/form`, { data: { disputeKind: '买卖' } });
  expect(emptied.status).toBe(400);
  expect(emptied.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['formData.contractDate']);

  const early = await move(mediator, id, 'mediation_success', { agreedTerms: '乙方支付货款' });
  expect(early.status).toBe(400);
  expect(early.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['formData.settledAmount']);
  expect(
    (
      await api(strapi, mediator).put(`/api/petitions/${id}/form`, {
        data: { disputeKind: '买卖', contractDate: '2026-03-01', settledAmount: 5000 },
      })
    ).status,
  ).toBe(200);
  expect((await move(mediator, id, 'mediation_success', { agreedTerms: '乙方支付货款' })).status).toBe(200);
});

test('a case handled by the unit does not need the field required from mediation until it concludes', async () => {
  const { id } = await petitionIn(strapi, 'unit_handling', { ...actors(), via: 'unit' });
  const res = await move(clerk, id, 'conclude', { conclusion: '已处理' });
  expect(res.status).toBe(400);
  expect(res.body.error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual([
    'formData.contractDate',
    'formData.settledAmount',
  ]);
});

test('an admin cannot save a field required from a stage that does not exist', async () => {
  await expect(
    strapi.documents('api::case-type.case-type').create({
      data: {
        name: '坏',
        code: 'bad-stage',
        formSchema: { fields: [{ key: 'x', label: 'X', type: 'text', requiredFrom: 'trial' }] },
      } as any,
    }),
  ).rejects.toMatchObject({
    details: { errors: [expect.objectContaining({ path: expect.arrayContaining(['formSchema', 'requiredFrom']) })] },
  });
});
