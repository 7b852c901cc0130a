/**
 * How a petition reached the office (信访渠道): the codes the API stores and their Chinese
 * names. Pure, browser-safe: the ledger export, the credit evidence and the desk read these.
 */
export const CHANNEL_LABELS = {
  letter: '来信',
  visit: '来访',
  online: '网上',
  phone: '电话',
  hotline: '12345热线',
} as const;

export type Channel = keyof typeof CHANNEL_LABELS;
export const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];
