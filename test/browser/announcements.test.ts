/**
 * The public hearing announcements page (/announcements/, no login) in headless Chromium:
 * a public petition hearing scheduled through the API appears with its time, place and
 * panel; the petitioner only as surname + 某, no ID number, no phone; a closed tripartite
 * review does not appear. Screenshots: test/artifacts/announcements-*.png.
 */
import type { Core } from '@strapi/strapi';
import { DESKTOP, PHONE, deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput } from '../helpers/fixtures';

const desk = deskBrowser({ prefix: 'announcements' });
const { newPage, shot, problems } = desk;
let strapi: Core.Strapi;
let base: string;
let hearingId: string;

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  const orgs = await organisations(strapi);
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const leader = await makeUser(strapi, 'leader', '990102', orgs);
  await strapi.documents('plugin::fangtiao.room' as any).create({
    data: { name: '东湖区信访听证室', capacity: 40, address: '人民路1号', organisation: orgs.get('990102'), active: true } as any,
  });
  const petition = (
    await api(strapi, clerk).post(
      '/api/petitions',
      petitionInput(orgs.get('990102002')!, {
        parties: [{ name: '欧阳娜娜', idNumber: '990102198001011232', phone: '13800138000', address: '新桥村' }],
      }),
    )
  ).body.data.documentId;
  await api(strapi, clerk).post(`/api/petitions/${petition}/transition`, { action: 'accept', input: {} });
  const people = (role: string, name: string, category: string) => ({ role, name, category });
  const res = await api(strapi, leader).post('/api/hearings', {
    data: {
      kind: 'petition_hearing',
      petition,
      participants: [
        { role: 'chair', user: leader.documentId },
        { role: 'work_team', user: clerk.documentId },
        { role: 'petitioner', party: 0 },
        people('panel', '李代表', 'deputy'),
        people('panel', '赵委员', 'cppcc'),
        people('panel', '钱大妈', 'resident'),
      ],
    },
  });
  expect(res.status).toBe(201);
  hearingId = res.body.data.documentId;
}, 180_000);
afterAll(() => desk.close());
afterEach(() => expect(problems.splice(0)).toEqual([]));

test('anyone reads the announcement of a public hearing; no full name, no ID number, no phone', async () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const { context, page } = await newPage(viewport);
    await page.goto(`${base}/announcements/`);
    const card = page.locator(`article[data-id="${hearingId}"]`);
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('信访听证');
    expect(text).toContain('欧阳某');
    expect(text).toContain('东湖区信访听证室');
    expect(text).toMatch(/人大代表1名.*政协委员1名.*群众代表1名/);
    const page_ = (await page.locator('body').textContent()) ?? '';
    expect(page_).not.toContain('欧阳娜娜');
    expect(page_).not.toMatch(/\d{17}[\dX]|13800138000/);
    await shot(page, viewport === PHONE ? 'phone' : 'desktop');
    await context.close();
  }
});
