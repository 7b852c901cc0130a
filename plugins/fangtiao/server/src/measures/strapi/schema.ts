import { MEASURE_KEYS } from '../definitions';

export const MEASURE_TARGET_UID = 'plugin::fangtiao.measure-target';

/**
 * A target (考核目标) administrators set in the admin panel, one row per measure and start
 * date: a fixed value (rates in percent), a year-on-year factor, or none. Rows override the
 * defaults of ../definitions.ts and the plugin config.
 */
export const measureTarget = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_measure_targets',
    info: {
      singularName: 'measure-target',
      pluralName: 'measure-targets',
      displayName: '考核目标 Measure target',
      description: 'Targets of the measures: a fixed value (rates in percent) from a date, or a year-on-year factor',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: true }, 'content-type-builder': { visible: false } },
    attributes: {
      measure: { type: 'enumeration', enum: [...MEASURE_KEYS], required: true },
      kind: { type: 'enumeration', enum: ['fixed', 'yoy', 'none'], required: true, default: 'fixed' },
      /** fixed: the target; rates in percent (95 = 95%). */
      value: { type: 'decimal' },
      /** yoy: the factor on the same period a year earlier (0.5 = halved). */
      factor: { type: 'decimal' },
      /** From this date on (Asia/Shanghai); empty = always. */
      from: { type: 'date' },
      note: { type: 'string' },
    },
  },
};
