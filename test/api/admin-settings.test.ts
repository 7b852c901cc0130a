/**
 * Settings saved the way the admin panel's Content Manager sends them: a JSON field as its
 * text. The guard parses it once, checks the value and stores the value; text that is not
 * JSON is refused naming the field. The panel lists no internal collections, keeps system
 * fields read-only, and labels every settings field in Chinese.
 * (The same in a real browser: test/browser/admin-panel.test.ts.)
 */
import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { adminSession, CM_CASE_TYPES } from '../helpers/fixtures';

let strapi: Core.Strapi;
let admin: Awaited<ReturnType<typeof adminSession>>;
const CM = '/content-manager/collection-types';
const CM_CAL = '/content-manager/single-types/plugin::fangtiao.work-calendar';
const text = (v: unknown) => JSON.stringify(v, null, 2);

beforeAll(async () => {
  strapi = await startStrapi();
  admin = await adminSession(strapi);
});
afterAll(stopStrapi);

test('an admin saves the working calendar with its lists sent as text; the lists are stored as lists', async () => {
  const current = (await admin.get(CM_CAL)).body.data;
  const res = await admin.put(CM_CAL, {
    hours: text(current.hours),
    holidays: text(['2027-01-01', '2027-02-06']),
    workdays: text(['2027-02-07']),
    confirmedThrough: '2027-12-31',
  });
  expect(res.status).toBe(200);
  const saved = await strapi.db.query('plugin::fangtiao.work-calendar' as any).findOne({});
  expect(saved).toMatchObject({ holidays: ['2027-01-01', '2027-02-06'], workdays: ['2027-02-07'] });
  expect(Array.isArray(saved.hours)).toBe(true);
});

test('text that is not JSON is refused naming the field, and a list of bad dates names each date', async () => {
  const current = (await admin.get(CM_CAL)).body.data;
  const broken = await admin.put(CM_CAL, { ...current, holidays: '["2027-01-01",' });
  expect(broken.status).toBe(400);
  expect(broken.body.error.details.errors).toEqual([
    expect.objectContaining({ path: ['holidays'], message: expect.stringContaining('不是有效的 JSON') }),
  ]);
  const notList = await admin.put(CM_CAL, { ...current, holidays: text({ day: '2027-01-01' }) });
  expect(notList.body.error.details.errors).toEqual([
    expect.objectContaining({ path: ['holidays'], message: expect.stringContaining('应为日期列表') }),
  ]);
  const badDay = await admin.put(CM_CAL, { ...current, holidays: text(['2027-01-01', '2027-13-01']) });
  expect(badDay.body.error.details.errors).toEqual([expect.objectContaining({ path: ['holidays', '1'], message: '日期应为 YYYY-MM-DD' })]);
});

test('an admin saves a warning rule whose recipients arrive as text; an empty list and a non-list get different reasons', async () => {
  const rule = await strapi.db.query('plugin::fangtiao.warning-rule' as any).findOne({ where: { active: true } });
  const url = `${CM}/plugin::fangtiao.warning-rule/${rule.documentId}`;
  const recipients = [
    { role: 'leader', level: 'county' },
    { role: 'supervisor', level: 'city' },
  ];
  expect((await admin.put(url, { ...rule, id: undefined, recipients: text(recipients) })).status).toBe(200);
  expect((await strapi.db.query('plugin::fangtiao.warning-rule' as any).findOne({ where: { id: rule.id } })).recipients).toEqual(
    recipients,
  );
  const empty = await admin.put(url, { recipients: '[]' });
  expect(empty.status).toBe(400);
  expect(empty.body.error.details.errors).toEqual([expect.objectContaining({ path: ['recipients'], message: '至少指定一类接收人' })]);
  const notList = await admin.put(url, { recipients: '"leader"' });
  expect(notList.body.error.details.errors).toEqual([
    expect.objectContaining({ path: ['recipients'], message: expect.stringContaining('接收人应为列表') }),
  ]);
});

test('an admin saves a hearing type whose role counts arrive as text', async () => {
  const kind = await strapi.db.query('plugin::fangtiao.hearing-type' as any).findOne({ where: { code: 'petition_hearing' } });
  const roles = { ...kind.roles, observer: { min: 0, max: 5 } };
  const res = await admin.put(`${CM}/plugin::fangtiao.hearing-type/${kind.documentId}`, { roles: text(roles) });
  expect(res.status).toBe(200);
  expect((await strapi.db.query('plugin::fangtiao.hearing-type' as any).findOne({ where: { id: kind.id } })).roles).toEqual(roles);
});

test('an admin changes a case type with its deadlines as text; the version is the server’s, and a save without form changes keeps it', async () => {
  const created = await admin.post(CM_CASE_TYPES, { name: '物业纠纷', code: 'property-x' });
  expect(created.status).toBe(201);
  const id = created.body.data.documentId;
  // The panel sends the whole form: an untouched form-schema field comes as null.
  const res = await admin.put(`${CM_CASE_TYPES}/${id}`, {
    name: '物业服务纠纷',
    deadlines: '{"acceptanceDays": 10}',
    formSchema: null,
    version: 99,
  });
  expect(res.status).toBe(200);
  expect(await strapi.db.query('api::case-type.case-type' as any).findOne({ where: { documentId: id } })).toMatchObject({
    name: '物业服务纠纷',
    deadlines: { acceptanceDays: 10 },
    version: 1,
  });
});

test('the Content Manager lists no internal collections, keeps version read-only and labels every settings field in Chinese', async () => {
  const types = (await admin.get('/content-manager/content-types')).body.data;
  const displayed = (uid: string) => types.find((t: any) => t.uid === uid)?.isDisplayed;
  for (const uid of [
    'api::petition-move.petition-move',
    'api::case-type-version.case-type-version',
    'plugin::fangtiao.job-run',
    'plugin::fangtiao.credit-flag-move',
  ])
    expect([uid, displayed(uid)]).toEqual([uid, false]);
  for (const uid of [
    'plugin::fangtiao.work-calendar',
    'plugin::fangtiao.warning-rule',
    'plugin::fangtiao.hearing-type',
    'plugin::fangtiao.room',
    'plugin::fangtiao.measure-target',
    'api::case-type.case-type',
    'plugin::fangtiao.credit-ground',
  ])
    expect([uid, displayed(uid)]).toEqual([uid, true]);

  const caseType = (await admin.get('/content-manager/content-types/api::case-type.case-type/configuration')).body.data.contentType
    .metadatas;
  expect(caseType.version.edit).toMatchObject({ editable: false, label: '版本' });
  for (const uid of [
    'plugin::fangtiao.work-calendar',
    'plugin::fangtiao.warning-rule',
    'plugin::fangtiao.hearing-type',
    'plugin::fangtiao.room',
    'plugin::fangtiao.measure-target',
    'api::case-type.case-type',
    'plugin::fangtiao.credit-ground',
  ]) {
    const metadatas = (await admin.get(`/content-manager/content-types/${uid}/configuration`)).body.data.contentType.metadatas;
    const attributes = Object.keys(strapi.getModel(uid as any).attributes).filter(
      (a) =>
        metadatas[a]?.edit?.visible !== false &&
        !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(a) &&
        !['cityCode', 'countyCode', 'townshipCode', 'villageCode'].includes(a),
    );
    for (const a of attributes) expect([uid, a, /[\u4e00-\u9fff]/.test(metadatas[a].edit.label)]).toEqual([uid, a, true]);
  }
});
