import logProvider from './log';
import type { SmsConfig, SmsProvider, SmsProviderModule, SmsSettings } from './provider';

export * from './provider';

/** Built-in providers; another is loaded by package name, as Strapi loads `@strapi/provider-email-*`. */
const BUILT_IN: Record<string, () => SmsProviderModule> = {
  log: () => logProvider,
  // Loaded only when chosen: the SDK is not needed by the log provider.
  aliyun: () => require('./aliyun').default,
};

export function createSmsProvider(config: SmsConfig | undefined, settings: SmsSettings): SmsProvider {
  const name = config?.provider || 'log';
  const module = BUILT_IN[name]?.() ?? (require(name) as SmsProviderModule);
  return module.init(config?.providerOptions ?? {}, settings);
}
