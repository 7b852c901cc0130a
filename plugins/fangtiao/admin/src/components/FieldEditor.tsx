import * as React from 'react';

import {
  Box,
  Button,
  Checkbox,
  Divider,
  Field as DSField,
  Flex,
  Grid,
  Modal,
  MultiSelect,
  MultiSelectOption,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { ArrowDown, ArrowUp, Plus, Trash } from '@strapi/icons';

import {
  FIELD_TYPES,
  FORM_STAGES,
  FORM_STAGE_LABELS,
  TYPE_LABELS,
  boundLabels,
  cleanField,
  hasOptions,
  locate,
  optionLabel,
  usesPattern,
} from '../schema/model';
import type { Field, FieldOption, FieldType, LocatedProblem, OptionValue, VisibleWhen } from '../schema/model';
import { FIELD_KEY_PATTERN, checkFormSchema } from '../schema/shared';

import { RowButton as IconButton } from './RowButton';

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
              {draft.required && (
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
              )}
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

function Section({ title, errors = [], children }: { title: string; errors?: string[]; children: React.ReactNode }) {
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Divider />
      <Typography variant="delta" tag="h3">
        {title}
      </Typography>
      {children}
      {errors.length > 0 && <ErrorList messages={errors} />}
    </Flex>
  );
}

export function ErrorList({ messages }: { messages: string[] }) {
  return (
    <Flex direction="column" alignItems="stretch" gap={1} role="alert">
      {[...new Set(messages)].map((m) => (
        <Typography key={m} variant="pi" textColor="danger600">
          {m}
        </Typography>
      ))}
    </Flex>
  );
}

// ---------------------------------------------------------------------------------------

function PatternInput({ value, error, onChange }: { value: string; error?: string; onChange: (v: string) => void }) {
  const [sample, setSample] = React.useState('');
  let verdict: React.ReactNode = null;
  if (value && sample) {
    let re: RegExp | null;
    try {
      re = new RegExp(`^(?:${value})$`);
    } catch {
      re = null;
    }
    verdict = re ? (
      <Typography variant="pi" textColor={re.test(sample.trim()) ? 'success600' : 'danger600'}>
        {re.test(sample.trim()) ? '✓ 符合' : '✗ 不符合'}
      </Typography>
    ) : null;
  }
  return (
    <Flex gap={4} alignItems="flex-start">
      <Box flex="2">
        <DSField.Root
          name="pattern"
          id="fs-edit-pattern"
          error={error}
          hint="JavaScript 正则表达式，须与整个值匹配，如 \d{6} 表示6位数字；留空不限"
        >
          <DSField.Label>格式规则</DSField.Label>
          <TextInput
            value={value}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
            placeholder="不限"
            style={{ fontFamily: 'monospace' }}
          />
          <DSField.Hint />
          <DSField.Error />
        </DSField.Root>
      </Box>
      <Box flex="1">
        <DSField.Root name="patternSample" id="fs-edit-pattern-sample" hint={verdict ? undefined : '输入样例，检验规则'}>
          <DSField.Label>试一试</DSField.Label>
          <TextInput
            value={sample}
            disabled={!value}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSample(e.target.value)}
            placeholder="样例"
          />
          <DSField.Hint />
          {verdict}
        </DSField.Root>
      </Box>
    </Flex>
  );
}

// ---------------------------------------------------------------------------------------

function OptionsEditor({ options, onChange }: { options: FieldOption[]; onChange: (o: FieldOption[]) => void }) {
  const set = (i: number, patch: Partial<FieldOption>) => onChange(options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const move = (i: number, d: number) => {
    const to = i + d;
    if (to < 0 || to >= options.length) return;
    const next = [...options];
    const [o] = next.splice(i, 1);
    next.splice(to, 0, o);
    onChange(next);
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {options.length > 0 && (
        <Flex gap={2}>
          <Box flex="1">
            <Typography variant="sigma" textColor="neutral600">
              显示名称
            </Typography>
          </Box>
          <Box flex="1">
            <Typography variant="sigma" textColor="neutral600">
              存储值（留空则同名称）
            </Typography>
          </Box>
          <Box width="11.2rem" />
        </Flex>
      )}
      {options.map((o, i) => (
        <Flex key={i} gap={2} alignItems="center" data-testid="option-row">
          <Box flex="1">
            <TextInput
              aria-label={`第${i + 1}个选项的名称`}
              value={o.label ?? ''}
              placeholder="如：已婚"
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(i, { label: e.target.value })}
            />
          </Box>
          <Box flex="1">
            <TextInput
              aria-label={`第${i + 1}个选项的存储值`}
              value={String(o.value ?? '')}
              placeholder={o.label || '如：married'}
              style={{ fontFamily: 'monospace' }}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                const text = e.target.value;
                // numbers stay numbers while the text still reads as one
                const value: OptionValue =
                  typeof o.value === 'number' && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
                set(i, { value });
              }}
            />
          </Box>
          <Flex gap={1}>
            <IconButton type="button" label="上移" variant="ghost" disabled={i === 0} onClick={() => move(i, -1)}>
              <ArrowUp />
            </IconButton>
            <IconButton
              type="button"
              label="下移"
              variant="ghost"
              disabled={i === options.length - 1}
              onClick={() => move(i, 1)}
            >
              <ArrowDown />
            </IconButton>
            <IconButton
              type="button"
              label="删除选项"
              variant="ghost"
              onClick={() => onChange(options.filter((_, j) => j !== i))}
            >
              <Trash />
            </IconButton>
          </Flex>
        </Flex>
      ))}
      <Box>
        <Button
          type="button"
          variant="secondary"
          startIcon={<Plus />}
          onClick={() => onChange([...options, { value: '', label: '' }])}
        >
          添加选项
        </Button>
      </Box>
    </Flex>
  );
}

// ---------------------------------------------------------------------------------------

type Mode = 'equals' | 'in' | 'filled';

const modeOf = (vw: VisibleWhen): Mode => (Array.isArray(vw.in) ? 'in' : vw.equals !== undefined ? 'equals' : 'filled');

function defaultEquals(c: Field | undefined): unknown {
  if (!c) return '';
  if (c.type === 'boolean') return true;
  if (hasOptions(c.type)) return c.options?.[0]?.value ?? '';
  return '';
}

function ConditionEditor({
  value,
  others,
  onChange,
}: {
  value: VisibleWhen | undefined;
  others: Field[];
  onChange: (vw: VisibleWhen | undefined) => void;
}) {
  const enabled = value !== undefined;
  const controller = others.find((f) => f.key === value?.field);
  const pickDefault = (): VisibleWhen | undefined => {
    const c = others.find((f) => hasOptions(f.type) || f.type === 'boolean') ?? others[0];
    return c ? { field: c.key, equals: defaultEquals(c) } : { field: '' };
  };

  if (!enabled) {
    return (
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Checkbox checked={false} onCheckedChange={() => onChange(pickDefault())} disabled={others.length === 0}>
          仅当…时显示
        </Checkbox>
        <Typography variant="pi" textColor="neutral600">
          {others.length === 0 ? '表单中还没有其他字段可作依据。' : '不勾选则总是显示。'}
        </Typography>
      </Flex>
    );
  }

  const mode = modeOf(value);
  const isMulti = controller?.type === 'multiselect';
  const modes: { id: Mode; label: string }[] =
    controller?.type === 'boolean'
      ? [{ id: 'equals', label: '为' }]
      : [
          { id: 'equals', label: isMulti ? '包含' : '等于' },
          { id: 'in', label: isMulti ? '包含其中任一' : '是其中之一' },
          { id: 'filled', label: '已填写（任意值）' },
        ];

  const setMode = (m: Mode) => {
    const base = { field: value.field };
    if (m === 'equals') onChange({ ...base, equals: defaultEquals(controller) });
    else if (m === 'in') onChange({ ...base, in: [] });
    else onChange(base);
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Checkbox checked onCheckedChange={() => onChange(undefined)}>
        仅当…时显示
      </Checkbox>
      <Grid.Root gap={4}>
        <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
          <DSField.Root name="vwField" id="fs-edit-vw-field">
            <DSField.Label>依据字段</DSField.Label>
            <SingleSelect
              value={controller ? controller.key : undefined}
              placeholder={value.field ? `（不存在的字段 ${value.field}）` : '请选择'}
              onChange={(k: string | number) => {
                const c = others.find((f) => f.key === k);
                onChange({ field: String(k), equals: defaultEquals(c) });
              }}
            >
              {others.map((f) => (
                <SingleSelectOption key={f.key} value={f.key}>
                  {`${f.label || '（未命名）'} · ${f.key}`}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </DSField.Root>
        </Grid.Item>
        <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
          <DSField.Root name="vwMode" id="fs-edit-vw-mode">
            <DSField.Label>条件</DSField.Label>
            <SingleSelect value={mode} onChange={(m: string | number) => setMode(m as Mode)} disabled={!controller}>
              {modes.map((m) => (
                <SingleSelectOption key={m.id} value={m.id}>
                  {m.label}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </DSField.Root>
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          {mode !== 'filled' && controller && (
            <ConditionValue key={`${controller.key}-${mode}`} controller={controller} value={value} mode={mode} onChange={onChange} />
          )}
        </Grid.Item>
      </Grid.Root>
    </Flex>
  );
}

function ConditionValue({
  controller,
  value,
  mode,
  onChange,
}: {
  controller: Field;
  value: VisibleWhen;
  mode: Mode;
  onChange: (vw: VisibleWhen) => void;
}) {
  const base = { field: value.field };
  const opts = controller.options ?? [];
  const inList = Array.isArray(value.in) ? value.in : [];
  const [text, setText] = React.useState(() => inList.map(String).join('、'));
  const numeric = controller.type === 'number' || controller.type === 'money';

  let input: React.ReactNode;
  if (controller.type === 'boolean') {
    input = (
      <SingleSelect
        value={value.equals === false ? 'false' : 'true'}
        onChange={(v: string | number) => onChange({ ...base, equals: v === 'true' })}
      >
        <SingleSelectOption value="true">是</SingleSelectOption>
        <SingleSelectOption value="false">否</SingleSelectOption>
      </SingleSelect>
    );
  } else if (hasOptions(controller.type) && mode === 'equals') {
    const at = opts.findIndex((o) => o.value === value.equals);
    input = (
      <SingleSelect
        value={at >= 0 ? String(at) : undefined}
        placeholder={value.equals !== undefined && value.equals !== '' ? `（不在选项中：${String(value.equals)}）` : '请选择'}
        onChange={(v: string | number) => onChange({ ...base, equals: opts[Number(v)]?.value })}
      >
        {opts.map((o, i) => (
          <SingleSelectOption key={i} value={String(i)}>
            {o.label || String(o.value)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    );
  } else if (hasOptions(controller.type)) {
    const picked = inList.map((v) => String(opts.findIndex((o) => o.value === v))).filter((s) => s !== '-1');
    input = (
      <MultiSelect
        value={picked}
        placeholder="请选择（可多选）"
        withTags
        onChange={(vs: string[]) => onChange({ ...base, in: vs.map((v) => opts[Number(v)]?.value) })}
      >
        {opts.map((o, i) => (
          <MultiSelectOption key={i} value={String(i)}>
            {o.label || String(o.value)}
          </MultiSelectOption>
        ))}
      </MultiSelect>
    );
  } else if (mode === 'equals' && numeric) {
    input = (
      <NumberInput
        value={typeof value.equals === 'number' ? value.equals : undefined}
        onValueChange={(n: number | undefined) => onChange({ ...base, equals: n ?? '' })}
      />
    );
  } else if (mode === 'equals') {
    input = (
      <TextInput
        value={value.equals === undefined ? '' : String(value.equals)}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange({ ...base, equals: e.target.value })}
      />
    );
  } else {
    input = (
      <TextInput
        value={text}
        placeholder="多个取值用顿号或逗号分开"
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
          setText(e.target.value);
          const parts = e.target.value
            .split(/[,，、]/)
            .map((s) => s.trim())
            .filter(Boolean);
          onChange({ ...base, in: numeric ? parts.map(Number).filter(Number.isFinite) : parts });
        }}
      />
    );
  }

  const summary =
    mode === 'in' && inList.length ? inList.map((v) => optionLabel(controller, v)).join('、') : undefined;
  return (
    <DSField.Root name="vwValue" id="fs-edit-vw-value" hint={summary && !hasOptions(controller.type) ? `取值：${summary}` : undefined}>
      <DSField.Label>取值</DSField.Label>
      {input}
      <DSField.Hint />
    </DSField.Root>
  );
}
