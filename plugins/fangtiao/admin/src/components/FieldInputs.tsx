/** The field editor's inputs: name and key, type and help, and the validation rules (bounds, pattern). */
import * as React from 'react';

import {
  Checkbox,
  Field as DSField,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';

import { FIELD_TYPES, FORM_STAGES, FORM_STAGE_LABELS, TYPE_LABELS, boundLabels, hasOptions, usesPattern } from '../schema/model';
import type { Field, FieldType } from '../schema/model';

import { Section } from './Section';
import { PatternInput } from './PatternInput';

/** What every part of the editor gets: the draft, how to change it, and the problem of a property. */
export type EditorPartProps = {
  draft: Field;
  update: (patch: Partial<Field>) => void;
  errorOf: (prop: string) => string | undefined;
};

/** 名称 and 标识, as two grid items. */
export function NameInputs({ draft, update, errorOf }: EditorPartProps) {
  return (
    <>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <DSField.Root name="label" id="fs-edit-label" required error={errorOf('label')} hint="填表人看到的名称，如“婚姻状况”">
          <DSField.Label>名称</DSField.Label>
          <TextInput
            value={draft.label ?? ''}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => update({ label: e.target.value })}
            autoFocus
            placeholder="如：婚姻状况"
          />
          <DSField.Hint />
          <DSField.Error />
        </DSField.Root>
      </Grid.Item>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <DSField.Root
          name="key"
          id="fs-edit-key"
          required
          error={errorOf('key')}
          hint="存储数据用，小写字母开头，只含字母、数字、下划线，最长40个字符"
        >
          <DSField.Label>标识</DSField.Label>
          <TextInput
            value={draft.key ?? ''}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => update({ key: e.target.value })}
            placeholder="如：maritalStatus"
            style={{ fontFamily: 'monospace' }}
          />
          <DSField.Hint />
          <DSField.Error />
        </DSField.Root>
      </Grid.Item>
    </>
  );
}

/** 类型, 必填 and 填写说明, as grid items. */
export function TypeInputs({ draft, update, errorOf }: EditorPartProps) {
  return (
    <>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <DSField.Root name="type" id="fs-edit-type" required error={errorOf('type')}>
          <DSField.Label>类型</DSField.Label>
          <SingleSelect
            value={draft.type}
            onChange={(v: string | number) => {
              const type = v as FieldType;
              const patch: Partial<Field> = { type };
              if (hasOptions(type) && !draft.options?.length) patch.options = [{ value: '', label: '' }];
              update(patch);
            }}
          >
            {FIELD_TYPES.map((t) => (
              <SingleSelectOption key={t} value={t}>
                {TYPE_LABELS[t]}
              </SingleSelectOption>
            ))}
          </SingleSelect>
          <DSField.Error />
        </DSField.Root>
      </Grid.Item>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <Flex direction="column" alignItems="flex-start" gap={2} paddingTop={6}>
          <Checkbox checked={!!draft.required} onCheckedChange={(c) => update({ required: c === true })}>
            必填
          </Checkbox>
          <Typography variant="pi" textColor="neutral600">
            必填字段留空时不能提交
          </Typography>
        </Flex>
      </Grid.Item>
      {draft.required && <RequiredFromInput draft={draft} update={update} />}
      <Grid.Item col={12} direction="column" alignItems="stretch">
        <DSField.Root name="help" id="fs-edit-help" hint="显示在输入框下方，告诉填表人怎么填">
          <DSField.Label>填写说明</DSField.Label>
          <TextInput
            value={draft.help ?? ''}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => update({ help: e.target.value })}
            placeholder="选填"
          />
          <DSField.Hint />
        </DSField.Root>
      </Grid.Item>
    </>
  );
}

/** 自何阶段起必填: a required field may wait for mediation or conclusion (e.g. a contract date the clerk does not know yet). */
function RequiredFromInput({ draft, update }: Pick<EditorPartProps, 'draft' | 'update'>) {
  return (
    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
      <DSField.Root name="requiredFrom" id="fs-edit-required-from" hint="登记时尚不知道的信息（如合同日期）可设为调解或办结时才必填">
        <DSField.Label>自何阶段起必填</DSField.Label>
        <SingleSelect
          value={draft.requiredFrom ?? 'registration'}
          onChange={(v: string | number) => update({ requiredFrom: v === 'registration' ? undefined : (v as Field['requiredFrom']) })}
        >
          {FORM_STAGES.map((s) => (
            <SingleSelectOption key={s} value={s}>
              {s === 'registration' ? '登记时即必填' : `${FORM_STAGE_LABELS[s]}阶段起`}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <DSField.Hint />
      </DSField.Root>
    </Grid.Item>
  );
}

/** 校验规则: the bounds the type has (length, value, choices) and the format rule of text fields. */
export function ValidationRules({ draft, update, errorOf }: EditorPartProps) {
  const bounds = boundLabels(draft.type);
  return (
    <Section title="校验规则">
      <Grid.Root gap={4}>
        {bounds && (
          <>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <DSField.Root name="min" id="fs-edit-min" error={errorOf('min')} hint={bounds.hint}>
                <DSField.Label>{bounds.min}</DSField.Label>
                <NumberInput
                  value={draft.min}
                  step={draft.type === 'money' ? 0.01 : 1}
                  onValueChange={(n: number | undefined) => update({ min: n })}
                  placeholder="不限"
                />
                <DSField.Hint />
                <DSField.Error />
              </DSField.Root>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <DSField.Root name="max" id="fs-edit-max" error={errorOf('max')}>
                <DSField.Label>{bounds.max}</DSField.Label>
                <NumberInput
                  value={draft.max}
                  step={draft.type === 'money' ? 0.01 : 1}
                  onValueChange={(n: number | undefined) => update({ max: n })}
                  placeholder="不限"
                />
                <DSField.Error />
              </DSField.Root>
            </Grid.Item>
          </>
        )}
        {usesPattern(draft.type) && (
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <PatternInput value={draft.pattern ?? ''} error={errorOf('pattern')} onChange={(pattern) => update({ pattern })} />
          </Grid.Item>
        )}
      </Grid.Root>
    </Section>
  );
}
