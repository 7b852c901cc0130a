// Public routes (no users-permissions auth): the person's session is the ft_p cookie, checked in the controller.
const open = (method: string, path: string, handler: string) => ({
  method,
  path,
  handler: `public.${handler}`,
  config: { auth: false as const },
});

/** Content-API routes of the petitioner's page, at /api/p/… */
export default {
  type: 'content-api',
  prefix: '',
  routes: [
    open('POST', '/p/otp', 'requestCode'),
    open('POST', '/p/login', 'login'),
    open('POST', '/p/email/otp', 'requestEmailCode'),
    open('POST', '/p/email/login', 'emailLogin'),
    open('POST', '/p/lookup', 'lookup'),
    open('POST', '/p/logout', 'logout'),
    open('GET', '/p/cases', 'cases'),
    open('GET', '/p/cases/:ref', 'caseStatus'),
    open('GET', '/p/cases/:ref/documents/:doc', 'openDocument'),
    open('POST', '/p/cases/:ref/return-visit', 'returnVisit'),
    open('POST', '/p/cases/:ref/info-requests/:request/reply', 'infoReply'),
    open('POST', '/p/cases/:ref/review-requests/:kind', 'reviewRequest'),
    open('POST', '/p/cases/:ref/credit/:flag/objection', 'objection'),
    open('POST', '/p/cases/:ref/credit/:flag/repair', 'repair'),
    open('GET', '/p/intake', 'intakeOptions'),
    open('POST', '/p/petitions', 'submit'),
  ],
};
