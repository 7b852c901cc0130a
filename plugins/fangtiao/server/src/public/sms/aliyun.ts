import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { SmsProviderModule, SmsTemplate } from './provider';

/**
 * Aliyun 短信服务 (Dysmsapi 2017-05-25, SendSms) through the official SDK, which signs each
 * request with Aliyun's V3 scheme (ACS3-HMAC-SHA256). Options (from env, config/plugins.ts):
 * accessKeyId, accessKeySecret, signName, templates { otp, receipt, return-visit } → template
 * codes (TemplateCode), and optionally endpoint + protocol (a local test server uses http).
 */
export type AliyunOptions = {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: Partial<Record<SmsTemplate, string>>;
  endpoint?: string;
  protocol?: 'https' | 'http';
  regionId?: string;
};

const aliyunProvider: SmsProviderModule = {
  init(options) {
    const o = options as AliyunOptions;
    for (const k of ['accessKeyId', 'accessKeySecret', 'signName'] as const) {
      if (!o[k]) throw new Error(`SMS provider aliyun: ${k} is not configured`);
    }
    const client = new (Dysmsapi as any)(
      new $OpenApiUtil.Config({
        accessKeyId: o.accessKeyId,
        accessKeySecret: o.accessKeySecret,
        endpoint: o.endpoint || 'dysmsapi.aliyuncs.com',
        protocol: o.protocol || 'https',
        regionId: o.regionId || 'cn-hangzhou',
      }),
    );
    return {
      async send({ to, template, params }) {
        const templateCode = o.templates?.[template];
        if (!templateCode) throw new Error(`SMS provider aliyun: no template code for "${template}"`);
        const res = await client.sendSms(
          new SendSmsRequest({ phoneNumbers: to, signName: o.signName, templateCode, templateParam: JSON.stringify(params) }),
        );
        // The gateway answers 200 with Code "OK", or another Code with a Message (e.g. isv.BUSINESS_LIMIT_CONTROL).
        const body = res?.body ?? {};
        if (body.code !== 'OK') throw new Error(`Aliyun SMS refused: ${body.code ?? 'no code'} ${body.message ?? ''}`.trim());
      },
    };
  },
};
export default aliyunProvider;
