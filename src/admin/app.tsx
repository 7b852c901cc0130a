import type { StrapiApp } from '@strapi/strapi/admin';

// The admin panel speaks Chinese first (each admin can still switch language in their profile).
export default {
  config: {
    locales: ['zh-Hans'],
  },
  bootstrap(_app: StrapiApp) {},
};
