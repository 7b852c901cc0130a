import type { StrapiApp } from '@strapi/strapi/admin';

import zhHans from './translations/zh-Hans.json';

/**
 * The panel opens in Chinese. Strapi 5.54 has no setting for its guided tour (on in every bundle but a test build) nor for
 * the "new Media Library" banner: both keep their state in localStorage, so they are marked
 * done before the panel first draws. The tour blocks clicks in the Content Manager until
 * skipped; neither is useful to a petition office.
 */
function quietOnboarding() {
  // Chinese first: Strapi starts every browser in English until the admin picks a language.
  if (!localStorage.getItem('strapi-admin-language')) localStorage.setItem('strapi-admin-language', 'zh-Hans');
  try {
    const key = 'STRAPI_GUIDED_TOUR';
    const stored = JSON.parse(localStorage.getItem(key) ?? '{}');
    if (stored?.enabled !== false) localStorage.setItem(key, JSON.stringify({ ...stored, enabled: false }));
  } catch {
    localStorage.setItem('STRAPI_GUIDED_TOUR', JSON.stringify({ enabled: false }));
  }
  // The banner's dismissal is keyed by the instance's uuid (from /admin/init).
  const backend = ((window as any).strapi?.backendURL as string | undefined) ?? '';
  fetch(`${backend}/admin/init`)
    .then((r) => r.json())
    .then(({ data }) => {
      for (const legacy of [true, false]) localStorage.setItem(`STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_${legacy}:${data?.uuid}`, 'true');
    })
    .catch(() => {});
}

// The admin panel speaks Chinese first (each admin can still switch language in their profile).
export default {
  config: {
    locales: ['zh-Hans'],
    translations: { 'zh-Hans': zhHans },
    tutorials: false,
    notifications: { releases: false },
  },
  register() {
    quietOnboarding();
  },
  bootstrap(_app: StrapiApp) {},
};
