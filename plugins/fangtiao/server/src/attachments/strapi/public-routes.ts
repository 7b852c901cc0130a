// The person's session is the ft_p cookie, checked in the controller (no users-permissions auth).
const open = (method: string, path: string, handler: string) => ({
  method,
  path,
  handler: `public-attachment.${handler}`,
  config: { auth: false as const },
});

/** The petitioner page's evidence routes, at /api/p/cases/:ref/attachments. */
export default {
  type: 'content-api',
  prefix: '',
  routes: [open('GET', '/p/cases/:ref/attachments', 'list'), open('POST', '/p/cases/:ref/attachments', 'upload')],
};
