import type { Core } from '@strapi/strapi';
import crypto from 'crypto';

/**
 * Creates the demo super-admin for the admin panel on first run, with a generated
 * password that is printed once and stored nowhere.
 */
export async function ensureDemoAdmin(strapi: Core.Strapi): Promise<{ email: string; password: string } | null> {
  const userService = strapi.service('admin::user');
  if ((await userService.count()) > 0) return null;
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  if (!superAdmin) return null;
  const email = 'admin@demo.fangtiao.invalid';
  const password = `Ft-${crypto.randomBytes(9).toString('base64url')}9a`;
  await userService.create({
    email,
    firstname: '系统',
    lastname: '管理员',
    password,
    isActive: true,
    preferedLanguage: 'zh-Hans',
    registrationToken: null,
    roles: [superAdmin.id],
  });
  return { email, password };
}
