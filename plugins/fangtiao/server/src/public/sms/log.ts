import { SMS_TEXTS, type SmsProviderModule } from './provider';

/**
 * The `log` provider (default; demo and development): nothing leaves the server. The message
 * goes to the server log and to the table fangtiao_sms_log, which no route reads — tests read
 * it from the database, a demo operator from the log.
 */
const logProvider: SmsProviderModule = {
  init(_options, settings) {
    return {
      async send(message) {
        settings.log(`[sms:log] to ${message.to}: ${SMS_TEXTS[message.template](message.params)}`);
        await settings.store?.(message);
      },
    };
  },
};
export default logProvider;
