import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  fangtiao: {
    enabled: true,
    resolve: './plugins/fangtiao',
    config: {
      // The measures' monthly aggregates count events up to the start of the refresh's day; the
      // days after it are read live. More days live: more rows read, fewer chances of a stale month.
      measures: { liveDays: env.int('FANGTIAO_MEASURES_LIVE_DAYS', 1) },
      // SMS for the petitioner's page (/p/), in the shape of the email plugin's provider config:
      // `log` (default) writes messages to the server log; `aliyun` sends through 阿里云短信服务
      // (README "The petitioner's page (/p/)").
      sms: {
        provider: env('FANGTIAO_SMS_PROVIDER', 'log'),
        providerOptions:
          env('FANGTIAO_SMS_PROVIDER', 'log') === 'aliyun'
            ? {
                accessKeyId: env('FANGTIAO_SMS_ALIYUN_ACCESS_KEY_ID'),
                accessKeySecret: env('FANGTIAO_SMS_ALIYUN_ACCESS_KEY_SECRET'),
                signName: env('FANGTIAO_SMS_ALIYUN_SIGN_NAME'),
                templates: {
                  otp: env('FANGTIAO_SMS_ALIYUN_TEMPLATE_CODE'),
                  receipt: env('FANGTIAO_SMS_ALIYUN_TEMPLATE_RECEIPT'),
                  'return-visit': env('FANGTIAO_SMS_ALIYUN_TEMPLATE_RETURN_VISIT'),
                  notice: env('FANGTIAO_SMS_ALIYUN_TEMPLATE_NOTICE'),
                  'info-request': env('FANGTIAO_SMS_ALIYUN_TEMPLATE_INFO_REQUEST'),
                },
                endpoint: env('FANGTIAO_SMS_ALIYUN_ENDPOINT', 'dysmsapi.aliyuncs.com'),
                protocol: env('FANGTIAO_SMS_ALIYUN_PROTOCOL', 'https'),
              }
            : {},
      },
    },
  },
  'users-permissions': {
    config: {
      jwtSecret: env('JWT_SECRET'),
      // Sessions (README "Sessions and sign-in"): short access tokens and refresh tokens whose
      // state lives in the database (strapi_sessions), so logout, a password change, blocking
      // and a role change end a session on every instance (src/access/sessions.ts).
      jwtManagement: 'refresh',
      sessions: {
        accessTokenLifespan: env.int('FANGTIAO_ACCESS_TOKEN_SECONDS', 10 * 60),
        idleRefreshTokenLifespan: env.int('FANGTIAO_SESSION_IDLE_SECONDS', 2 * 60 * 60),
        maxRefreshTokenLifespan: env.int('FANGTIAO_SESSION_MAX_SECONDS', 12 * 60 * 60),
        httpOnly: false,
      },
      register: { allowedFields: [] },
    },
  },
  // Email (reminders, notifications) over SMTP when SMTP_HOST is set; otherwise messages are
  // rendered and dropped (nodemailer's JSON transport) — no sendmail, nothing crashes.
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: env('SMTP_HOST')
        ? {
            host: env('SMTP_HOST'),
            port: env.int('SMTP_PORT', 25),
            secure: env.bool('SMTP_SECURE', false),
            ignoreTLS: !env.bool('SMTP_STARTTLS', false),
            ...(env('SMTP_USERNAME') ? { auth: { user: env('SMTP_USERNAME'), pass: env('SMTP_PASSWORD') } } : {}),
          }
        : { jsonTransport: true },
      settings: {
        defaultFrom: env('SMTP_FROM', 'fangtiao@localhost'),
        defaultReplyTo: env('SMTP_FROM', 'fangtiao@localhost'),
      },
    },
  },
  upload: {
    config: {
      sizeLimit: 20 * 1024 * 1024,
      security: {
        allowedTypes: ['image/*', 'application/pdf', 'text/plain', 'text/csv'],
        deniedTypes: ['image/svg+xml', 'application/x-msdownload', 'application/x-sh'],
      },
    },
  },
});

export default config;
