/**
 * SMS providers, in the shape of Strapi's e-mail providers: `config/plugins.ts` names a
 * provider and its `providerOptions` (under `fangtiao.config.sms`); the provider module's
 * `init(providerOptions, settings)` returns `{ send({ to, template, params }) }`.
 * `template` is our name for a message (otp, receipt, return-visit); a gateway maps it to its
 * own template code in its options.
 */
export type SmsTemplate = 'otp' | 'receipt' | 'return-visit' | 'notice' | 'info-request';
export type SmsMessage = { to: string; template: SmsTemplate; params: Record<string, string> };
export interface SmsProvider {
  send(message: SmsMessage): Promise<void>;
}
export type SmsProviderModule = {
  init(providerOptions: Record<string, any>, settings: SmsSettings): SmsProvider;
};
export type SmsSettings = { log: (line: string) => void; store?: (message: SmsMessage) => Promise<void> };
export type SmsConfig = { provider?: string; providerOptions?: Record<string, any> };

/** The text of each message, for the log provider and for the person's page (what was sent). */
export const SMS_TEXTS: Record<SmsTemplate, (p: Record<string, string>) => string> = {
  otp: (p) => `您的验证码为${p.code}，5分钟内有效。如非本人操作，请忽略。`,
  receipt: (p) => `您的信访事项已登记，编号${p.referenceNo}，查询码${p.queryCode}，请妥善保存。`,
  'return-visit': (p) => `您的信访事项${p.referenceNo}已办结，请点击回访：${p.link}`,
  notice: (p) => `您有一份《${p.title}》待查收（信访事项${p.referenceNo}），请登录${p.link}查看；在线打开即为送达。`,
  'info-request': (p) => `信访事项${p.referenceNo}需要您补充材料或信息，请于${p.replyBy}前登录${p.link}查看并答复。`,
};
