import { checkFormSchema, isRequiredAt, stageOfState, validateFormData, type FormSchema } from '../../src/case-types/form-schema';

/** "Required from stage X": the pure rules behind registration without double entry. */
const schema: FormSchema = {
  fields: [
    { key: 'kind', label: '纠纷种类', type: 'text', required: true },
    { key: 'contractDate', label: '合同签订日期', type: 'date', required: true, requiredFrom: 'mediation' },
    { key: 'amount', label: '调解金额', type: 'money', requiredFrom: 'conclusion' },
  ],
};

test('at registration only the fields required from registration must be filled', () => {
  expect(validateFormData(schema, { kind: '买卖' }).errors).toEqual([]);
  expect(validateFormData(schema, {}).errors.map((e) => e.field)).toEqual(['kind']);
});

test('a field required from mediation is required in mediation and at conclusion, named with its stage', () => {
  expect(validateFormData(schema, { kind: '买卖' }, { stage: 'acceptance' }).errors).toEqual([]);
  const inMediation = validateFormData(schema, { kind: '买卖' }, { stage: 'mediation' }).errors;
  expect(inMediation).toEqual([{ field: 'contractDate', message: '合同签订日期不能为空（自调解阶段起必填）' }]);
  const atConclusion = validateFormData(schema, { kind: '买卖' }, { stage: 'conclusion' }).errors.map((e) => e.field);
  expect(atConclusion).toEqual(['contractDate', 'amount']);
});

test('the states map to stages: handling by the unit or a leader is not mediation; review and closure are after conclusion', () => {
  expect(
    ['registered', 'accepted', 'unit_handling', 'leader_handling', 'in_mediation', 'concluded', 'reviewed', 'closed'].map(stageOfState),
  ).toEqual(['registration', 'acceptance', 'acceptance', 'acceptance', 'mediation', 'conclusion', 'conclusion', 'conclusion']);
});

test('a field without requiredFrom keeps its plain required flag at every stage', () => {
  expect(isRequiredAt({ required: true }, 'registration')).toBe(true);
  expect(isRequiredAt({ required: false }, 'conclusion')).toBe(false);
  expect(isRequiredAt({ requiredFrom: 'conclusion' }, 'mediation')).toBe(false);
});

test('an unknown stage is refused when the schema is saved', () => {
  const problems = checkFormSchema({ fields: [{ key: 'x', label: 'X', type: 'text', requiredFrom: 'trial' }] });
  expect(problems).toEqual([expect.objectContaining({ path: 'fields[0].requiredFrom' })]);
});

describe('the admin FieldEditor stores the stage', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { cleanField } = require('../../plugins/fangtiao/admin/src/schema/model');

  test('a required field keeps the stage it is required from; registration is the plain flag', () => {
    expect(cleanField({ key: 'contractDate', label: '合同日期', type: 'date', required: true, requiredFrom: 'mediation' })).toEqual({
      key: 'contractDate',
      label: '合同日期',
      type: 'date',
      required: true,
      requiredFrom: 'mediation',
    });
    expect(cleanField({ key: 'a', label: 'A', type: 'text', required: true, requiredFrom: 'registration' })).toEqual({
      key: 'a',
      label: 'A',
      type: 'text',
      required: true,
    });
  });

  test('a field that is not required drops the stage', () => {
    expect(cleanField({ key: 'a', label: 'A', type: 'text', required: false, requiredFrom: 'conclusion' })).toEqual({
      key: 'a',
      label: 'A',
      type: 'text',
    });
  });
});
