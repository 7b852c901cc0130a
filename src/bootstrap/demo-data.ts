import type { Core } from '@strapi/strapi';
import { ROLES, UID, type RoleCode } from '../constants';
import type { Level } from '../jurisdiction/scope';
import { loadDemoCases } from './demo-cases';
// bcryptjs is what users-permissions hashes passwords with (same version, no types shipped).
const bcrypt: { hashSync(value: string, rounds: number): string } = require('bcryptjs');
import { loadDemoHearings } from './demo-hearings';

type OrgSeed = { code: string; name: string; level: Level; children?: OrgSeed[]; committee?: string };

/** A fictional city (codes start 99, which no province uses): two counties, two townships each, two villages each. */
const TREE: OrgSeed = {
  code: '990100',
  name: '云溪市',
  level: 'city',
  committee: '云溪市医疗纠纷人民调解委员会',
  children: [
    {
      code: '990102',
      name: '东湖区',
      level: 'county',
      committee: '东湖区人民调解委员会',
      children: [
        {
          code: '990102001',
          name: '东湖街道',
          level: 'township',
          committee: '东湖街道人民调解委员会',
          children: [
            { code: '990102001001', name: '柳岸社区', level: 'village' },
            { code: '990102001002', name: '荷塘社区', level: 'village' },
          ],
        },
        {
          code: '990102002',
          name: '湖滨镇',
          level: 'township',
          committee: '湖滨镇人民调解委员会',
          children: [
            { code: '990102002001', name: '新桥村', level: 'village', committee: '新桥村人民调解委员会' },
            { code: '990102002002', name: '石塘村', level: 'village' },
          ],
        },
      ],
    },
    {
      code: '990103',
      name: '西山县',
      level: 'county',
      committee: '西山县人民调解委员会',
      children: [
        {
          code: '990103001',
          name: '西山镇',
          level: 'township',
          committee: '西山镇人民调解委员会',
          children: [
            { code: '990103001001', name: '枫林村', level: 'village' },
            { code: '990103001002', name: '竹溪村', level: 'village' },
          ],
        },
        {
          code: '990103002',
          name: '石桥乡',
          level: 'township',
          committee: '石桥乡人民调解委员会',
          children: [
            { code: '990103002001', name: '上塘村', level: 'village' },
            { code: '990103002002', name: '下塘村', level: 'village' },
          ],
        },
      ],
    },
  ],
};

/** One account of every role at a sensible level, plus a clerk of the other county to show isolation. */
export const DEMO_USERS: { username: string; fullName: string; role: RoleCode; org: string }[] = [
  { username: 'clerk.donghu', fullName: '王敏', role: 'clerk', org: '990102' },
  { username: 'clerk.hubin', fullName: '李强', role: 'clerk', org: '990102002' },
  { username: 'clerk.xishan', fullName: '赵磊', role: 'clerk', org: '990103' },
  { username: 'mediator.hubin', fullName: '陈芳', role: 'mediator', org: '990102002' },
  { username: 'expert.donghu', fullName: '周律师', role: 'expert', org: '990102' },
  { username: 'leader.donghu', fullName: '孙建国', role: 'leader', org: '990102' },
  { username: 'reviewer.donghu', fullName: '吴静', role: 'reviewer', org: '990102' },
  { username: 'supervisor.city', fullName: '郑华', role: 'supervisor', org: '990100' },
];

async function createOrg(strapi: Core.Strapi, seed: OrgSeed, parent: string | null, ids: Map<string, string>) {
  const org = await strapi.documents(UID.organisation).create({
    data: { code: seed.code, name: seed.name, level: seed.level, parent } as any,
  });
  ids.set(seed.code, org.documentId);
  if (seed.committee) {
    await strapi.documents(UID.committee).create({
      data: { name: seed.committee, organisation: org.documentId, sealText: `${seed.committee}（印）` } as any,
    });
  }
  for (const child of seed.children ?? []) await createOrg(strapi, child, org.documentId, ids);
}

/** Creates the demo organisation tree with its committees; returns documentIds by code. */
export async function seedOrganisations(strapi: Core.Strapi): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await createOrg(strapi, TREE, null, ids);
  return ids;
}

/** Loads the demo organisations and users once; later starts keep whatever is there. */
export async function loadDemoData(strapi: Core.Strapi, password: string): Promise<boolean> {
  const existing = await strapi.db.query(UID.organisation).count({});
  if (existing > 0) return false;
  const ids = await seedOrganisations(strapi);
  // One bcrypt hash for every demo account (they share the password): hashing costs ~90 ms each.
  const hash = bcrypt.hashSync(password, 10);
  for (const u of DEMO_USERS) {
    const role = await strapi.db.query(UID.role).findOne({ where: { type: u.role } });
    const user = await strapi
      .plugin('users-permissions')
      .service('user')
      .add({
        username: u.username,
        email: `${u.username}@demo.fangtiao.invalid`,
        fullName: u.fullName,
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: role.id,
        organisation: ids.get(u.org),
      });
    await strapi.db.query(UID.user).update({ where: { id: user.id }, data: { password: hash } });
  }
  await loadDemoCases(strapi);
  await loadDemoHearings(strapi);
  return true;
}

export function describeDemoUsers(password: string): string {
  const lines = DEMO_USERS.map((u) => `  ${u.username.padEnd(18)} ${ROLES[u.role].name.padEnd(6, '　')} ${u.fullName}（${u.org}）`);
  return [
    '演示账号 Demo accounts (password: ' + password + ')',
    ...lines,
    // The person's side has no account: a one-time code by SMS, which the demo's log provider prints.
    '  信访人页面 /p/     手机号 13800138000（演示案件当事人）：验证码由 log 短信通道打印在服务器日志中',
  ].join('\n');
}
