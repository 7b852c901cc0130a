import { readFileSync } from 'fs';
import { join } from 'path';
import { FIELD_TYPES, FIELD_TYPE_LABELS, Field, FormSchema, checkFormSchema, validateFormData } from '../../src/case-types/form-schema';
import { ID_NUMBER_MESSAGES, checkCharOf } from '../../src/personal-data/id-number';
import { PHONE_MESSAGE } from '../../src/personal-data/phone';

const ID17 = '11010119900307451';
const VALID_ID = ID17 + checkCharOf(ID17);
const WRONG_CHECK_ID = ID17 + (checkCharOf(ID17) === '0' ? '1' : '0');

const f = (key: string, type: Field['type'], extra: Partial<Field> = {}): Field => ({
  key,
  label: key,
  type,
  ...extra,
});

/** A realistic form of a neighbourhood-dispute case type. */
const DISPUTE: FormSchema = {
  fields: [
    {
      key: 'disputeKind',
      label: '纠纷类别',
      type: 'select',
      required: true,
      options: [
        { value: 'land', label: '土地纠纷' },
        { value: 'debt', label: '债务纠纷' },
        { value: 'other', label: '其他' },
      ],
    },
    {
      key: 'otherKind',
      label: '其他类别说明',
      type: 'text',
      required: true,
      visibleWhen: { field: 'disputeKind', equals: 'other' },
    },
    {
      key: 'amount',
      label: '涉及金额',
      type: 'money',
      min: 0,
      max: 10000000,
      visibleWhen: { field: 'disputeKind', in: ['debt', 'land'] },
    },
    { key: 'facts', label: '主要事实', type: 'textarea', required: true, min: 5, max: 2000 },
    { key: 'partyCount', label: '当事人人数', type: 'number', min: 1, max: 500 },
    { key: 'occurredOn', label: '发生日期', type: 'date' },
    { key: 'sessionAt', label: '调解时间', type: 'datetime' },
    {
      key: 'topics',
      label: '争议焦点',
      type: 'multiselect',
      options: [
        { value: 'boundary', label: '地界' },
        { value: 'compensation', label: '补偿' },
        { value: 'access', label: '通行' },
      ],
    },
    { key: 'legalAdviserInvited', label: '是否邀请法律顾问', type: 'boolean' },
    {
      key: 'adviserName',
      label: '法律顾问姓名',
      type: 'text',
      visibleWhen: { field: 'legalAdviserInvited', equals: true },
    },
    { key: 'partyIdNumber', label: '当事人身份证号码', type: 'id-number' },
    { key: 'partyPhone', label: '当事人电话', type: 'phone' },
    { key: 'evidence', label: '证据材料', type: 'attachment' },
    { key: 'parcelNo', label: '地块编号', type: 'text', pattern: '[A-Z]{2}-\\d{4}', help: '如 AB-0123' },
  ],
};

const GOOD_DATA = {
  disputeKind: 'debt',
  amount: '12000.50',
  facts: '双方因借款归还发生纠纷',
  partyCount: 2,
  occurredOn: '2024-02-29',
  sessionAt: '2024-03-05T09:30:00+08:00',
  topics: ['compensation'],
  legalAdviserInvited: true,
  adviserName: ' 王律师 ',
  partyIdNumber: VALID_ID.toLowerCase(),
  partyPhone: '13800138000',
  evidence: ['file-1', 'file-2'],
  parcelNo: 'AB-0123',
};

function errorsOf(schema: FormSchema, data: unknown) {
  return validateFormData(schema, data).errors;
}

function messagesFor(schema: FormSchema, data: unknown, field: string) {
  return errorsOf(schema, data)
    .filter((e) => e.field === field)
    .map((e) => e.message);
}

describe('checking a form schema when an administrator saves it', () => {
  test('the dispute form is a valid schema', () => {
    expect(checkFormSchema(DISPUTE)).toEqual([]);
  });

  test('every field type has a Chinese label', () => {
    expect(FIELD_TYPES).toHaveLength(12);
    for (const t of FIELD_TYPES) expect(FIELD_TYPE_LABELS[t]).toMatch(/[\u4e00-\u9fff]/);
  });

  test('a schema that is not an object with a field list is refused', () => {
    expect(checkFormSchema(null)).toEqual([{ path: '', message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    expect(checkFormSchema([])).toHaveLength(1);
    expect(checkFormSchema({ fields: {} })).toEqual([{ path: 'fields', message: expect.any(String) }]);
  });

  test('an empty field list is allowed', () => {
    expect(checkFormSchema({ fields: [] })).toEqual([]);
  });

  test('a field that is not an object is refused', () => {
    expect(checkFormSchema({ fields: ['name'] })).toEqual([{ path: 'fields[0]', message: expect.any(String) }]);
  });

  test.each([['Name'], ['1st'], ['a-b'], ['_x'], ['名字'], ['a'.repeat(41)], ['']])('a field key %p is refused', (key) => {
    const problems = checkFormSchema({ fields: [{ key, label: '姓名', type: 'text' }] });
    expect(problems.map((p) => p.path)).toEqual(['fields[0].key']);
    expect(problems[0].message).toMatch(/字段标识/);
  });

  test.each([['a'], ['partyName'], ['party_name2'], ['a'.repeat(40)]])('a field key %p is accepted', (key) => {
    expect(checkFormSchema({ fields: [f(key, 'text')] })).toEqual([]);
  });

  test('a key used twice is refused at its second use', () => {
    expect(checkFormSchema({ fields: [f('name', 'text'), f('age', 'number'), f('name', 'textarea')] })).toEqual([
      { path: 'fields[2].key', message: '字段标识“name”重复' },
    ]);
  });

  test('a field without a label is refused', () => {
    expect(checkFormSchema({ fields: [{ key: 'a', label: ' ', type: 'text' }] }).map((p) => p.path)).toEqual(['fields[0].label']);
  });

  test('an unknown field type is refused', () => {
    expect(checkFormSchema({ fields: [f('a', 'email' as Field['type'])] })).toEqual([
      { path: 'fields[0].type', message: '未知的字段类型“email”' },
    ]);
  });

  test.each([['select'], ['multiselect']])('a %s field without options is refused', (type) => {
    expect(checkFormSchema({ fields: [f('a', type as Field['type'])] }).map((p) => p.path)).toEqual(['fields[0].options']);
    expect(checkFormSchema({ fields: [f('a', type as Field['type'], { options: [] })] }).map((p) => p.path)).toEqual(['fields[0].options']);
  });

  test('duplicate option values are refused', () => {
    const schema = {
      fields: [
        f('a', 'select', {
          options: [
            { value: 'x', label: '甲' },
            { value: 'y', label: '乙' },
            { value: 'x', label: '丙' },
          ],
        }),
      ],
    };
    expect(checkFormSchema(schema)).toEqual([{ path: 'fields[0].options[2].value', message: '选项值“x”重复' }]);
  });

  test('options without a value or a label are refused', () => {
    const schema = {
      fields: [f('a', 'select', { options: [{ value: '', label: '甲' }, { value: 1, label: '' }, 'x' as never] })],
    };
    expect(checkFormSchema(schema).map((p) => p.path)).toEqual([
      'fields[0].options[0].value',
      'fields[0].options[1].label',
      'fields[0].options[2]',
    ]);
  });

  test('a minimum above the maximum is refused', () => {
    expect(checkFormSchema({ fields: [f('a', 'number', { min: 10, max: 5 })] })).toEqual([
      { path: 'fields[0].min', message: '最小值（10）不能大于最大值（5）' },
    ]);
    expect(checkFormSchema({ fields: [f('a', 'number', { min: 5, max: 5 })] })).toEqual([]);
  });

  test('a minimum or maximum that is not a number is refused', () => {
    expect(checkFormSchema({ fields: [f('a', 'number', { min: '1' as never, max: NaN })] }).map((p) => p.path)).toEqual([
      'fields[0].min',
      'fields[0].max',
    ]);
  });

  test('an invalid regular expression is refused', () => {
    expect(checkFormSchema({ fields: [f('a', 'text', { pattern: '([a-z' })] }).map((p) => p.path)).toEqual(['fields[0].pattern']);
    expect(checkFormSchema({ fields: [f('a', 'text', { pattern: 3 as never })] }).map((p) => p.path)).toEqual(['fields[0].pattern']);
  });

  test('a visibility condition on a field that does not exist is refused', () => {
    expect(checkFormSchema({ fields: [f('a', 'text', { visibleWhen: { field: 'b', equals: 1 } })] })).toEqual([
      { path: 'fields[0].visibleWhen.field', message: '显示条件所依据的字段“b”不存在' },
    ]);
  });

  test('a visibility condition on the field itself is refused', () => {
    expect(checkFormSchema({ fields: [f('a', 'text', { visibleWhen: { field: 'a', equals: 1 } })] })).toEqual([
      { path: 'fields[0].visibleWhen.field', message: '显示条件不能依据字段自身' },
    ]);
  });

  test('a visibility condition without a field, or with a non-list "in", is refused', () => {
    expect(
      checkFormSchema({
        fields: [f('a', 'text', { visibleWhen: {} as never }), f('b', 'text', { visibleWhen: { field: 'a', in: 'x' as never } })],
      }).map((p) => p.path),
    ).toEqual(['fields[0].visibleWhen', 'fields[1].visibleWhen.in']);
  });

  test('a cycle of visibility conditions is refused once, naming the cycle', () => {
    const schema = {
      fields: [
        f('a', 'text', { visibleWhen: { field: 'c' } }),
        f('b', 'text', { visibleWhen: { field: 'a' } }),
        f('c', 'text', { visibleWhen: { field: 'b' } }),
        f('d', 'text', { visibleWhen: { field: 'a' } }),
      ],
    };
    expect(checkFormSchema(schema)).toEqual([{ path: 'fields[0].visibleWhen', message: '显示条件存在循环依赖：a → c → b → a' }]);
  });

  test('a two-field cycle is refused', () => {
    const schema = {
      fields: [f('x', 'boolean'), f('a', 'text', { visibleWhen: { field: 'b' } }), f('b', 'text', { visibleWhen: { field: 'a' } })],
    };
    expect(checkFormSchema(schema).map((p) => p.path)).toEqual(['fields[1].visibleWhen']);
  });

  test('a chain of conditions without a cycle is fine', () => {
    const schema = {
      fields: [f('c', 'text', { visibleWhen: { field: 'b' } }), f('b', 'text', { visibleWhen: { field: 'a' } }), f('a', 'boolean')],
    };
    expect(checkFormSchema(schema)).toEqual([]);
  });

  test('more than 100 fields is refused, 100 is fine', () => {
    const many = (n: number) => ({ fields: Array.from({ length: n }, (_, i) => f(`f${i}`, 'text')) });
    expect(checkFormSchema(many(100))).toEqual([]);
    expect(checkFormSchema(many(101))).toEqual([{ path: 'fields', message: '字段数量不能超过100个（当前101个）' }]);
  });

  test('all problems of a schema are reported together', () => {
    const schema = {
      fields: [
        f('Bad', 'text'),
        f('kind', 'select'),
        f('n', 'number', { min: 3, max: 1 }),
        f('code', 'text', { pattern: '[' }),
        f('kind', 'text'),
        f('x', 'colour' as never),
        f('y', 'text', { visibleWhen: { field: 'nope' } }),
      ],
    };
    const problems = checkFormSchema(schema);
    expect(problems.map((p) => p.path)).toEqual([
      'fields[0].key',
      'fields[1].options',
      'fields[2].min',
      'fields[3].pattern',
      'fields[4].key',
      'fields[5].type',
      'fields[6].visibleWhen.field',
    ]);
    for (const p of problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test('a non-boolean "required" and a non-text help are refused', () => {
    expect(checkFormSchema({ fields: [f('a', 'text', { required: 'yes' as never, help: 5 as never })] }).map((p) => p.path)).toEqual([
      'fields[0].required',
      'fields[0].help',
    ]);
  });
});

describe('validating a filled-in form', () => {
  test('a correctly filled dispute form passes and comes back clean', () => {
    const { errors, clean } = validateFormData(DISPUTE, GOOD_DATA);
    expect(errors).toEqual([]);
    expect(clean).toEqual({
      disputeKind: 'debt',
      amount: 12000.5,
      facts: '双方因借款归还发生纠纷',
      partyCount: 2,
      occurredOn: '2024-02-29',
      sessionAt: '2024-03-05T09:30:00+08:00',
      topics: ['compensation'],
      legalAdviserInvited: true,
      adviserName: '王律师',
      partyIdNumber: VALID_ID,
      partyPhone: '13800138000',
      evidence: ['file-1', 'file-2'],
      parcelNo: 'AB-0123',
    });
  });

  test('every failing field is reported together, not just the first', () => {
    const errors = errorsOf(DISPUTE, {
      disputeKind: 'debt',
      amount: -5,
      facts: '短',
      partyCount: 0,
      occurredOn: '2024-02-30',
      sessionAt: '2024-03-05 09:30',
      topics: ['weather'],
      legalAdviserInvited: 'yes',
      partyIdNumber: '123',
      partyPhone: '12345',
      evidence: { id: 1 },
      parcelNo: 'ab-123',
      colour: 'red',
    });
    expect([...new Set(errors.map((e) => e.field))].sort()).toEqual(
      [
        'amount',
        'facts',
        'partyCount',
        'occurredOn',
        'sessionAt',
        'topics',
        'legalAdviserInvited',
        'partyIdNumber',
        'partyPhone',
        'evidence',
        'parcelNo',
        'colour',
      ].sort(),
    );
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test('all missing required fields are reported together', () => {
    expect(errorsOf(DISPUTE, {})).toEqual([
      { field: 'disputeKind', message: '纠纷类别不能为空' },
      { field: 'facts', message: '主要事实不能为空' },
    ]);
  });

  test.each([[undefined], [null], [''], ['   '], [[]]])('a required field given %p counts as missing', (value) => {
    const schema = {
      fields: [f('a', 'text', { required: true }), f('b', 'multiselect', { required: true, options: [{ value: 1, label: '一' }] })],
    };
    expect(errorsOf(schema, { a: value, b: value }).map((e) => e.field)).toEqual(['a', 'b']);
  });

  test('empty optional fields are left out of the clean data', () => {
    const { errors, clean } = validateFormData(DISPUTE, {
      disputeKind: 'land',
      facts: '地界争议已久',
      amount: '',
      topics: [],
      partyPhone: null,
    });
    expect(errors).toEqual([]);
    expect(clean).toEqual({ disputeKind: 'land', facts: '地界争议已久' });
  });

  test('keys that are not in the form are rejected', () => {
    expect(errorsOf(DISPUTE, { ...GOOD_DATA, colour: 'red', constructor: 1 })).toEqual([
      { field: 'colour', message: '表单中没有字段“colour”' },
      { field: 'constructor', message: '表单中没有字段“constructor”' },
    ]);
  });

  test('a field named like an object property is not filled in by accident', () => {
    const schema = { fields: [f('constructor', 'text', { required: true })] };
    expect(errorsOf(schema, {})).toEqual([{ field: 'constructor', message: 'constructor不能为空' }]);
  });

  test('data that is not an object is refused', () => {
    expect(errorsOf(DISPUTE, 'hello')).toEqual([{ field: '', message: '表单数据应为对象' }]);
    expect(errorsOf(DISPUTE, [1])).toHaveLength(1);
  });

  describe('conditional fields', () => {
    test('a field hidden by its condition is neither validated nor kept', () => {
      // otherKind is required but only shown for "other"; adviserName only when an adviser is invited
      const { errors, clean } = validateFormData(DISPUTE, {
        disputeKind: 'land',
        facts: '地界争议已久',
        otherKind: 12345,
        legalAdviserInvited: false,
        adviserName: 42,
      });
      expect(errors).toEqual([]);
      expect(clean).toEqual({ disputeKind: 'land', facts: '地界争议已久', legalAdviserInvited: false });
    });

    test('a field shown by its condition is validated, required included', () => {
      expect(messagesFor(DISPUTE, { disputeKind: 'other', facts: '其他纠纷情况' }, 'otherKind')).toEqual(['其他类别说明不能为空']);
      expect(messagesFor(DISPUTE, { ...GOOD_DATA, adviserName: 42 }, 'adviserName')).toEqual(['法律顾问姓名应为文字']);
    });

    test('an "in" condition shows the field for any of the listed values', () => {
      const base = { facts: '案情简要说明', amount: -1 };
      expect(messagesFor(DISPUTE, { ...base, disputeKind: 'land' }, 'amount')).toEqual(['涉及金额不能为负数']);
      expect(messagesFor(DISPUTE, { ...base, disputeKind: 'debt' }, 'amount')).toEqual(['涉及金额不能为负数']);
      expect(messagesFor(DISPUTE, { ...base, disputeKind: 'other', otherKind: '合同' }, 'amount')).toEqual([]);
    });

    test('a condition without a value shows the field when the controlling field is filled in', () => {
      const schema = { fields: [f('a', 'text'), f('b', 'text', { required: true, visibleWhen: { field: 'a' } })] };
      expect(errorsOf(schema, {})).toEqual([]);
      expect(errorsOf(schema, { a: 'x' }).map((e) => e.field)).toEqual(['b']);
    });

    test('a field depending on a hidden field is hidden too', () => {
      const schema = {
        fields: [
          f('a', 'boolean'),
          f('b', 'select', { options: [{ value: 'y', label: '是' }], visibleWhen: { field: 'a', equals: true } }),
          f('c', 'text', { required: true, visibleWhen: { field: 'b', equals: 'y' } }),
        ],
      };
      expect(validateFormData(schema, { a: false, b: 'y' })).toEqual({ errors: [], clean: { a: false } });
      expect(errorsOf(schema, { a: true, b: 'y' }).map((e) => e.field)).toEqual(['c']);
    });

    test('a condition on a multiselect holds when the choice is among those picked', () => {
      const schema = {
        fields: [
          f('topics', 'multiselect', {
            options: [
              { value: 'land', label: '土地' },
              { value: 'wage', label: '工资' },
            ],
          }),
          f('arrears', 'money', { required: true, visibleWhen: { field: 'topics', equals: 'wage' } }),
        ],
      };
      expect(errorsOf(schema, { topics: ['land'] })).toEqual([]);
      expect(errorsOf(schema, { topics: ['land', 'wage'] }).map((e) => e.field)).toEqual(['arrears']);
    });

    test('a condition compares the value after conversion, so "3" from a form equals 3', () => {
      const schema = {
        fields: [f('n', 'number'), f('why', 'text', { required: true, visibleWhen: { field: 'n', equals: 3 } })],
      };
      expect(errorsOf(schema, { n: '3' }).map((e) => e.field)).toEqual(['why']);
    });
  });

  describe('text', () => {
    const schema = { fields: [f('name', 'text', { min: 2, max: 4 }), f('code', 'text', { pattern: '\\d{3}' })] };

    test('a text must be a string', () => {
      expect(messagesFor(schema, { name: 12 }, 'name')).toEqual(['name应为文字']);
    });

    test('text length is bounded by min and max, counting each Chinese character once', () => {
      expect(errorsOf(schema, { name: '张三丰' })).toEqual([]);
      expect(messagesFor(schema, { name: '张' }, 'name')).toEqual(['name至少2个字']);
      expect(messagesFor(schema, { name: '欧阳娜娜娜' }, 'name')).toEqual(['name最多4个字']);
    });

    test('a pattern must match the whole value', () => {
      expect(errorsOf(schema, { code: '123' })).toEqual([]);
      expect(messagesFor(schema, { code: '1234' }, 'code')).toEqual(['code格式不正确']);
      expect(messagesFor(schema, { code: 'x123' }, 'code')).toEqual(['code格式不正确']);
    });

    test('a pattern failure quotes the help text', () => {
      expect(messagesFor(DISPUTE, { ...GOOD_DATA, parcelNo: 'ab-1' }, 'parcelNo')).toEqual(['地块编号格式不正确（如 AB-0123）']);
    });

    test('a textarea is bounded by its length too', () => {
      expect(messagesFor(DISPUTE, { ...GOOD_DATA, facts: '太短' }, 'facts')).toEqual(['主要事实至少5个字']);
    });
  });

  describe('numbers and money', () => {
    const schema = { fields: [f('n', 'number', { min: 1, max: 10 }), f('m', 'money', { max: 1000 })] };

    test('numbers are accepted as numbers or decimal strings', () => {
      expect(validateFormData(schema, { n: '5', m: '12.50' })).toEqual({ errors: [], clean: { n: 5, m: 12.5 } });
      expect(validateFormData(schema, { n: 2.5 }).clean).toEqual({ n: 2.5 });
    });

    test.each([['abc'], ['1e3'], [NaN], [Infinity], [true], [[1]]])('%p is not a number', (v) => {
      expect(messagesFor(schema, { n: v }, 'n')).toEqual(['n应为数字']);
    });

    test('numbers are bounded by min and max', () => {
      expect(messagesFor(schema, { n: 0 }, 'n')).toEqual(['n不能小于1']);
      expect(messagesFor(schema, { n: 11 }, 'n')).toEqual(['n不能大于10']);
      expect(errorsOf(schema, { n: 1 })).toEqual([]);
      expect(errorsOf(schema, { n: 10 })).toEqual([]);
    });

    test('an amount of money cannot be negative', () => {
      expect(messagesFor(schema, { m: -0.01 }, 'm')).toEqual(['m不能为负数']);
    });

    test('a negative amount is not reported a second time against a minimum of zero, but is against a higher one', () => {
      const withMin = (min: number) => ({ fields: [f('m', 'money', { min })] });
      expect(messagesFor(withMin(0), { m: -1 }, 'm')).toEqual(['m不能为负数']);
      expect(messagesFor(withMin(100), { m: -1 }, 'm')).toEqual(['m不能为负数', 'm不能小于100']);
      expect(messagesFor(withMin(100), { m: 50 }, 'm')).toEqual(['m不能小于100']);
    });

    test('an amount of money has at most two decimals', () => {
      expect(messagesFor(schema, { m: 1.005 }, 'm')).toEqual(['m最多保留两位小数']);
      expect(messagesFor(schema, { m: '1.999' }, 'm')).toEqual(['m最多保留两位小数']);
      expect(errorsOf(schema, { m: 0.1 + 0.2 })).toEqual([]);
      expect(errorsOf(schema, { m: '0.30' })).toEqual([]);
    });

    test('an amount failing several rules reports each of them', () => {
      expect(messagesFor(schema, { m: '-2000.123' }, 'm')).toEqual(['m不能为负数', 'm最多保留两位小数']);
      expect(messagesFor(schema, { m: 1000.5 }, 'm')).toEqual(['m不能大于1000']);
    });

    test('an amount must be a number', () => {
      expect(messagesFor(schema, { m: '五百' }, 'm')).toEqual(['m应为金额数字']);
    });
  });

  describe('dates', () => {
    const schema = { fields: [f('d', 'date'), f('t', 'datetime')] };

    test.each([['2024-02-29'], ['2023-12-31']])('%s is a valid date', (d) => {
      expect(errorsOf(schema, { d })).toEqual([]);
    });

    test.each([['2023-02-29'], ['2024-02-30'], ['2024-13-01'], ['2024/03/01'], ['2024-3-1'], ['2024-03-01T00:00:00Z'], [20240301]])(
      '%p is not a valid date',
      (d) => {
        expect(messagesFor(schema, { d }, 'd')).toEqual(['d应为有效日期（格式 YYYY-MM-DD）']);
      },
    );

    test.each([['2024-03-05T09:30:00+08:00'], ['2024-03-05T01:30:00Z'], ['2024-03-05T01:30Z'], ['2024-03-05T01:30:00.123Z']])(
      '%s is a valid date and time',
      (t) => {
        expect(errorsOf(schema, { t })).toEqual([]);
      },
    );

    test.each([
      ['2024-03-05T09:30:00'],
      ['2024-03-05 09:30:00+08:00'],
      ['2024-03-05T24:00:00Z'],
      ['2024-03-05T09:60:00Z'],
      ['2024-02-30T09:30:00Z'],
      ['2024-03-05T09:30:00+15:00'],
      ['2024-03-05'],
    ])('%s is not a valid date and time', (t) => {
      expect(messagesFor(schema, { t }, 't')).toEqual(['t应为带时区的有效日期时间（如 2024-03-01T09:30:00+08:00）']);
    });
  });

  describe('choices', () => {
    const schema = {
      fields: [
        f('s', 'select', {
          options: [
            { value: 'a', label: '甲' },
            { value: 1, label: '一' },
          ],
        }),
        f('m', 'multiselect', {
          min: 1,
          max: 2,
          options: [
            { value: 'a', label: '甲' },
            { value: 'b', label: '乙' },
            { value: 'c', label: '丙' },
          ],
        }),
      ],
    };

    test('a select value must be one of the options, compared exactly', () => {
      expect(errorsOf(schema, { s: 'a' })).toEqual([]);
      expect(errorsOf(schema, { s: 1 })).toEqual([]);
      expect(messagesFor(schema, { s: '1' }, 's')).toEqual(['s的取值不在可选项中']);
      expect(messagesFor(schema, { s: 'z' }, 's')).toEqual(['s的取值不在可选项中']);
    });

    test('a multiselect value is a list of options', () => {
      expect(validateFormData(schema, { m: ['a', 'c'] }).clean).toEqual({ m: ['a', 'c'] });
      expect(messagesFor(schema, { m: 'a' }, 'm')).toEqual(['m应为选项列表']);
      expect(messagesFor(schema, { m: ['a', 'x', 'y'] }, 'm')).toEqual(['m包含不在可选项中的取值：x、y', 'm最多选择2项']);
      expect(messagesFor(schema, { m: ['a', 'a'] }, 'm')).toEqual(['m有重复的选项']);
    });

    test('min and max bound the number of choices', () => {
      expect(messagesFor(schema, { m: ['a', 'b', 'c'] }, 'm')).toEqual(['m最多选择2项']);
      const atLeastTwo = {
        fields: [
          f('m', 'multiselect', {
            min: 2,
            options: [
              { value: 'a', label: '甲' },
              { value: 'b', label: '乙' },
            ],
          }),
        ],
      };
      expect(messagesFor(atLeastTwo, { m: ['a'] }, 'm')).toEqual(['m至少选择2项']);
    });
  });

  describe('yes/no', () => {
    const schema = { fields: [f('b', 'boolean', { required: true })] };

    test('"no" is an answer to a required yes/no question', () => {
      expect(validateFormData(schema, { b: false })).toEqual({ errors: [], clean: { b: false } });
    });

    test.each([['true'], [1], ['是']])('%p is not a yes/no answer', (b) => {
      expect(messagesFor(schema, { b }, 'b')).toEqual(['b应为“是”或“否”']);
    });
  });

  describe('ID and phone numbers', () => {
    const schema = { fields: [f('id', 'id-number'), f('tel', 'phone')] };

    test('a valid ID number is accepted and its check letter upper-cased', () => {
      expect(validateFormData(schema, { id: ` ${VALID_ID.toLowerCase()} ` }).clean).toEqual({ id: VALID_ID });
    });

    test('an ID number of the wrong shape, birth date or check digit is refused with the reason', () => {
      expect(messagesFor(schema, { id: '12345' }, 'id')).toEqual([ID_NUMBER_MESSAGES.format]);
      expect(messagesFor(schema, { id: 12345 }, 'id')).toEqual([ID_NUMBER_MESSAGES.format]);
      const badDate = '11010119901307451';
      expect(messagesFor(schema, { id: badDate + checkCharOf(badDate) }, 'id')).toEqual([ID_NUMBER_MESSAGES['birth-date']]);
      expect(messagesFor(schema, { id: WRONG_CHECK_ID }, 'id')).toEqual([ID_NUMBER_MESSAGES.checksum]);
    });

    test.each([['13800138000'], ['0571-88888888'], ['+86 138 0013 8000']])('%s is a valid phone number', (tel) => {
      expect(errorsOf(schema, { tel })).toEqual([]);
    });

    test.each([['12800138000'], ['1380013800'], ['88888888'], [13800138000]])('%p is not a valid phone number', (tel) => {
      expect(messagesFor(schema, { tel }, 'tel')).toEqual([PHONE_MESSAGE]);
    });
  });

  describe('attachments', () => {
    const schema = { fields: [f('files', 'attachment', { required: true })] };

    test.each([['doc-1'], [['doc-1', 'doc-2']], [17], [[17, 'doc-2']]])('%p is a valid attachment value', (files) => {
      expect(validateFormData(schema, { files }).clean).toEqual({ files });
    });

    test.each([[{ id: 1 }], [['doc-1', '']], [[null]], [-1], [true]])('%p is not a valid attachment value', (files) => {
      expect(messagesFor(schema, { files }, 'files')).toEqual(['files应为附件编号或附件编号列表']);
    });

    test('a required attachment list that is empty counts as missing', () => {
      expect(messagesFor(schema, { files: [] }, 'files')).toEqual(['files不能为空']);
    });
  });
});

describe('the form rules can ship to the browser', () => {
  test('the form rules (form-schema, form-fields, form-data) import only each other and the pure personal-data and input-limit helpers, which import nothing', () => {
    const src = join(__dirname, '../../src');
    const importsOf = (file: string) =>
      [...readFileSync(join(src, file), 'utf8').matchAll(/(?:import|require)\s*(?:[^'"]*from\s*)?\(?\s*['"]([^'"]+)['"]/g)].map(
        (m) => m[1],
      );
    // `export * from` re-exports count as imports too: the bundle follows them.
    const reexportsOf = (file: string) =>
      [...readFileSync(join(src, file), 'utf8').matchAll(/export\s*\*\s*from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect([...importsOf('case-types/form-schema.ts'), ...reexportsOf('case-types/form-schema.ts')].sort()).toEqual([
      './form-data',
      './form-fields',
      './form-fields',
    ]);
    expect(importsOf('case-types/form-fields.ts')).toEqual([]);
    expect(importsOf('case-types/form-data.ts').sort()).toEqual([
      '../input-limits/rules',
      '../personal-data/id-number',
      '../personal-data/phone',
      './form-fields',
    ]);
    expect(importsOf('personal-data/id-number.ts')).toEqual([]);
    expect(importsOf('personal-data/phone.ts')).toEqual([]);
    expect(importsOf('input-limits/rules.ts')).toEqual([]);
  });
});
