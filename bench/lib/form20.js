'use strict';
/** A 20-field intake form of every kind, as an admin would configure a case type, and values that pass it. */
const FIELDS_20 = [
  ['f1', 'money'],
  ['f2', 'date'],
  ['f3', 'select'],
  ['f4', 'id-number'],
  ['f5', 'phone'],
  ['f6', 'boolean'],
  ['f7', 'textarea'],
  ['f8', 'number'],
  ['f9', 'text'],
  ['f10', 'text'],
  ['f11', 'text'],
  ['f12', 'date'],
  ['f13', 'select'],
  ['f14', 'money'],
  ['f15', 'boolean'],
  ['f16', 'text'],
  ['f17', 'text'],
  ['f18', 'textarea'],
  ['f19', 'text'],
  ['f20', 'text'],
];
const formSchema20 = {
  fields: FIELDS_20.map(([key, type]) => ({
    key,
    label: `字段${key}`,
    type,
    required: key !== 'f20',
    ...(type === 'select'
      ? {
          options: [
            { value: 'a', label: '甲' },
            { value: 'b', label: '乙' },
          ],
        }
      : {}),
    ...(type === 'number' ? { min: 0, max: 1000 } : {}),
  })),
};
const formValues20 = {
  f1: 1200.5,
  f2: '2026-10-01',
  f3: 'a',
  f4: '11010519491231002X',
  f5: '13800138000',
  f6: true,
  f7: '纠纷经过的较长说明文字。',
  f8: 12,
  f9: '文本',
  f10: '文本',
  f11: '文本',
  f12: '2026-11-01',
  f13: 'b',
  f14: 88,
  f15: false,
  f16: '文本',
  f17: '文本',
  f18: '较长说明',
  f19: '文本',
  f20: '文本',
};

module.exports = { FIELDS_20, formSchema20, formValues20 };
