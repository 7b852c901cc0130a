import * as React from 'react';

import { Button, Checkbox, Field as DSField, Flex, Grid, Modal, NumberInput, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';

import { FIELD_TYPES, TYPE_LABELS, boundLabels, cleanField, hasOptions, locate, usesPattern } from '../schema/model';
import type { Field, FieldType, LocatedProblem } from '../schema/model';
import { FIELD_KEY_PATTERN, checkFormSchema } from '../schema/shared';

import { ErrorList, Section } from './Section';
import { PatternInput } from './PatternInput';
import { OptionsEditor } from './OptionsEditor';
import { ConditionEditor } from './ConditionEditor';

export { ErrorList } from './Section';

interface FieldEditorProps {
  /** the form's fields as they are now */
  fields: Field[];
  /** the edited field's position, or null for a new field */
  index: number | null;
  initial: Field;
  onCancel: () => void;
  onSave: (field: Field) => void;
}

/** Empty option values take the option's name, so 已婚 alone is a complete option. */
function completeDraft(f: Field): Field {
  if (!hasOptions(f.type) || !f.options) return f;
  return {
    ...f,
    options: f.options.map((o) =>
      typeof o.value === 'string' && o.value.trim() === '' && o.label.trim() !== '' ? { ...o, value: o.label.trim() } : o
    ),
  };
}

/** The problems of the edited field, as the server would report them on save. */
function draftProblems(fields: Field[], index: number | null, draft: Field): LocatedProblem[] {
  const at = index ?? fields.length;
  const candidate = cleanField(completeDraft(draft));
  const list = index === null ? [...fields, candidate] : fields.map((f, i) => (i === index ? candidate : f));
  const all = checkFormSchema({ fields: list }).map(locate);
  const mine = all.filter(
    (p) =>
      (p.index === at && !(p.prop === 'key' && p.message.endsWith('重复'))) ||
      (p.index !== at && p.message.includes('循环') && p.message.includes(candidate.key))
  );
  // A duplicate is reported at its second occurrence; the edited field owns it either way.
  if (FIELD_KEY_PATTERN.test(candidate.key)) {
    const other = list.findIndex((f, i) => i !== at && f.key === candidate.key);
    if (other >= 0) {
      mine.push({
        path: `fields[${at}].key`,
        index: at,
        prop: 'key',
        message: `字段标识“${candidate.key}”已被第${other + 1}个字段「${list[other].label || list[other].key}」使用`,
      });
    }
  }
  const vw = candidate.visibleWhen;
  if (vw) {
    if (vw.equals === '' && !Array.isArray(vw.in)) {
      mine.push({ path: '', index: at, prop: 'visibleWhen.equals', message: '请填写条件的取值' });
    }
    if (Array.isArray(vw.in) && vw.in.length === 0) {
      mine.push({ path: '', index: at, prop: 'visibleWhen.in', message: '请至少选择一个取值' });
    }
  }
  return mine;
}

const rootProp = (prop: string): string => prop.split(/[.[]/)[0];

export function FieldEditor({ fields, index, initial, onCancel, onSave }: FieldEditorProps) {
  const [draft, setDraft] = React.useState<Field>(() => ({
    ...initial,
    options: hasOptions(initial.type) && !initial.options?.length ? [{ value: '', label: '' }] : initial.options,
  }));
  const [touched, setTouched] = React.useState<Set<string>>(() => new Set());
  const [showAll, setShowAll] = React.useState(index !== null);

  const problems = React.useMemo(() => draftProblems(fields, index, draft), [fields, index, draft]);
  const errorOf = (prop: string): string | undefined => {
    const hits = problems.filter((p) => p.prop === prop);
    if (!hits.length || !(showAll || touched.has(rootProp(prop)))) return undefined;
    return hits.map((p) => p.message).join('；');
  };
  const errorsUnder = (root: string): string[] =>
    showAll || touched.has(root) ? problems.filter((p) => rootProp(p.prop) === root).map((p) => p.message) : [];

  const update = (patch: Partial<Field>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTouched((t) => new Set([...t, ...Object.keys(patch)]));
  };

  const submit = () => {
    if (problems.length) {
      setShowAll(true);
      return;
    }
    onSave(cleanField(completeDraft(draft)));
  };

  const bounds = boundLabels(draft.type);
  const others = fields.filter((f, i) => i !== index && f.key && f.key !== draft.key);
  const generalErrors = showAll
    ? problems.filter((p) => ['required', 'help', ''].includes(p.prop)).map((p) => p.message)
    : [];

  return (
    <Modal.Root open onOpenChange={(open) => !open && onCancel()}>
      <Modal.Content style={{ maxWidth: '72rem', width: '90vw' }}>
        <Modal.Header closeLabel="关闭">
          <Modal.Title>{index === null ? '添加字段' : `编辑字段：${initial.label || initial.key}`}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex
            direction="column"
            alignItems="stretch"
            gap={6}
            onKeyDown={(e: React.KeyboardEvent) => {
              if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
                e.preventDefault();
                submit();
              }
            }}
          >
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <DSField.Root
                  name="label"
                  id="fs-edit-label"
                  required
                  error={errorOf('label')}
                  hint="填表人看到的名称，如“婚姻状况”"
                >
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
                  <Checkbox
                    checked={!!draft.required}
                    onCheckedChange={(c) => update({ required: c === true })}
                  >
                    必填
                  </Checkbox>
                  <Typography variant="pi" textColor="neutral600">
                    必填字段留空时不能提交
                  </Typography>
                </Flex>
              </Grid.Item>
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
            </Grid.Root>

            {(bounds || usesPattern(draft.type)) && (
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
                      <PatternInput
                        value={draft.pattern ?? ''}
                        error={errorOf('pattern')}
                        onChange={(pattern) => update({ pattern })}
                      />
                    </Grid.Item>
                  )}
                </Grid.Root>
              </Section>
            )}

            {hasOptions(draft.type) && (
              <Section title="选项" errors={errorsUnder('options')}>
                <OptionsEditor options={draft.options ?? []} onChange={(options) => update({ options })} />
              </Section>
            )}

            <Section title="显示条件" errors={errorsUnder('visibleWhen')}>
              <ConditionEditor
                value={draft.visibleWhen}
                others={others}
                onChange={(visibleWhen) => update({ visibleWhen })}
              />
            </Section>

            {generalErrors.length > 0 && <ErrorList messages={generalErrors} />}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button type="button" variant="tertiary">
              取消
            </Button>
          </Modal.Close>
          <Flex gap={3} alignItems="center">
            {showAll && problems.length > 0 && (
              <Typography variant="pi" textColor="danger600">
                请先修正标红的 {problems.length} 处问题
              </Typography>
            )}
            <Button type="button" onClick={submit}>
              {index === null ? '添加' : '确定'}
            </Button>
          </Flex>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
