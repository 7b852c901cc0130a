import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, creditCode, makeUser, organisations, petitionInput, type TestUser, CONSENTS } from '../helpers/fixtures';
import { UID } from '../../src/constants';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let committee: string;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102', orgs);
  committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
});
afterAll(stopStrapi);

const register = (parties: object[]) => api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, { parties }));
const partiesOf = async (id: string) => (await api(strapi, clerk).get(`/api/petitions/${id}?populate=parties`)).body.data.parties;
const move = (id: string, action: string, input: object = {}) =>
  api(strapi, clerk).post(`/api/petitions/${id}/transition`, { action, input });

test('a clerk registers a company as respondent with its credit code and 法定代表人; a wrong check character is 400 on that field', async () => {
  const company = {
    kind: 'organisation',
    role: 'respondent',
    name: '某物业有限公司',
    organisationType: 'legal_person',
    representativeName: '孙经理',
  };
  const code = creditCode('91330102MA2H0001A');
  const bad = await register([{ name: '张三' }, { ...company, creditCode: code.slice(0, 17) + (code[17] === '1' ? '2' : '1') }]);
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.errors.map((e: any) => e.path.join('.'))).toContain('parties.1.creditCode');
  const good = await register([{ name: '张三' }, { ...company, creditCode: code }]);
  expect(good.status).toBe(201);
  expect((await partiesOf(good.body.data.documentId))[1]).toMatchObject({
    kind: 'organisation',
    representativeName: '孙经理',
    creditCode: code,
  });
});

test('a group petition with six representatives is refused (400); with five it is registered with its headcount', async () => {
  const persons = Array.from({ length: 6 }, (_, i) => ({ name: `村民${i + 1}`, isRepresentative: true }));
  const six = await register([{ kind: 'group', name: '新桥村1组村民', headcount: 30 }, ...persons]);
  expect(six.status).toBe(400);
  expect(six.body.error.message).toContain('不超过5人');
  const five = await register([{ kind: 'group', name: '新桥村1组村民', headcount: 30 }, ...persons.slice(0, 5)]);
  expect(five.status).toBe(201);
});

test('diverting a case before every party consented to mediation is 409 naming them; consent recorded per party lets it through', async () => {
  const res = await register([
    { name: '张三', ...CONSENTS },
    { name: '李四', role: 'respondent' },
    { kind: 'agent', name: '王律师', agentFor: 1, agentAuthority: 'general' },
  ]);
  expect(res.status).toBe(201);
  const id = res.body.data.documentId;
  expect((await partiesOf(id))[0].consentAt).toBeTruthy();
  await move(id, 'accept');
  const refused = await move(id, 'divert', { committee, mediator: mediator.id });
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toContain('李四');
  expect(refused.body.error.message).not.toContain('王律师');

  const agent = await api(strapi, clerk).post(`/api/petitions/${id}/consent`, { data: { party: 2, way: 'written' } });
  expect(agent.status).toBe(400);
  const consent = await api(strapi, clerk).post(`/api/petitions/${id}/consent`, { data: { party: 1, way: 'oral' } });
  expect(consent.status).toBe(200);
  expect(consent.body.data.parties[1]).toMatchObject({ mediationConsent: true, consentWay: 'oral' });
  expect((await api(strapi, mediator).post(`/api/petitions/${id}/consent`, { data: { party: 1, way: 'oral' } })).status).toBe(403);
  expect((await move(id, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
});

test('a party stored before party kinds reads as a natural person after a restart-time migration', async () => {
  const res = await register([{ name: '老当事人' }]);
  const row = await strapi.db.query(UID.petition).findOne({ where: { documentId: res.body.data.documentId }, populate: ['parties'] });
  const t = strapi.db.metadata.get('case.party' as any).tableName;
  await strapi.db.connection(t).where({ id: row.parties[0].id }).update({ kind: null });
  const { setupDatabase } = require('../../dist/src/database/setup');
  await setupDatabase(strapi);
  const after = await api(strapi, clerk).get(`/api/petitions/${res.body.data.documentId}?populate=parties`);
  expect(after.body.data.parties[0].kind).toBe('person');
});
