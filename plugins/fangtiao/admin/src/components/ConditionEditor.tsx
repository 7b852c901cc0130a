/** When a field is shown: the field it depends on and the value(s) that show it. */
import * as React from 'react';

import {
  Checkbox,
  Field as DSField,
  Flex,
  Grid,
  MultiSelect,
  MultiSelectOption,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';

import { hasOptions, optionLabel } from '../schema/model';
import type { Field, VisibleWhen } from '../schema/model';

type Mode = 'equals' | 'in' | 'filled';

const modeOf = (vw: VisibleWhen): Mode => (Array.isArray(vw.in) ? 'in' : vw.equals !== undefined ? 'equals' : 'filled');

function defaultEquals(c: Field | undefined): unknown {
  if (!c) return '';
  if (c.type === 'boolean') return true;
  if (hasOptions(c.type)) return c.options?.[0]?.value ?? '';
  return '';
}

/** The condition switched off: the field is always shown. */
function ConditionOff({ canEnable, onEnable }: { canEnable: boolean; onEnable: () => void }) {
  return (
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <Checkbox checked={false} onCheckedChange={onEnable} disabled={!canEnable}>
        仅当…时显示
      </Checkbox>
      <Typography variant="pi" textColor="neutral600">
        {canEnable ? '不勾选则总是显示。' : '表单中还没有其他字段可作依据。'}
      </Typography>
    </Flex>
  );
}

/** 依据字段: the other field the condition reads; choosing one resets the value to its default. */
function ControllerSelect({
  value,
  controller,
  others,
  onChange,
}: {
  value: VisibleWhen;
  controller: Field | undefined;
  others: Field[];
  onChange: (vw: VisibleWhen) => void;
}) {
  return (
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
  );
}

export function ConditionEditor({
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

  if (!enabled) return <ConditionOff canEnable={others.length > 0} onEnable={() => onChange(pickDefault())} />;

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
          <ControllerSelect value={value} controller={controller} others={others} onChange={onChange} />
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

/** The value of a yes/no or a select controller: 是/否, one option, or several (by their index). */
function ChoiceValue({
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
  if (controller.type === 'boolean') {
    return (
      <SingleSelect
        value={value.equals === false ? 'false' : 'true'}
        onChange={(v: string | number) => onChange({ ...base, equals: v === 'true' })}
      >
        <SingleSelectOption value="true">是</SingleSelectOption>
        <SingleSelectOption value="false">否</SingleSelectOption>
      </SingleSelect>
    );
  }
  if (mode === 'equals') {
    const at = opts.findIndex((o) => o.value === value.equals);
    return (
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
  }
  const picked = inList.map((v) => String(opts.findIndex((o) => o.value === v))).filter((s) => s !== '-1');
  return (
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
  const inList = Array.isArray(value.in) ? value.in : [];
  const [text, setText] = React.useState(() => inList.map(String).join('、'));
  const numeric = controller.type === 'number' || controller.type === 'money';

  let input: React.ReactNode;
  if (controller.type === 'boolean' || hasOptions(controller.type)) {
    input = <ChoiceValue controller={controller} value={value} mode={mode} onChange={onChange} />;
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

  const summary = mode === 'in' && inList.length ? inList.map((v) => optionLabel(controller, v)).join('、') : undefined;
  return (
    <DSField.Root name="vwValue" id="fs-edit-vw-value" hint={summary && !hasOptions(controller.type) ? `取值：${summary}` : undefined}>
      <DSField.Label>取值</DSField.Label>
      {input}
      <DSField.Hint />
    </DSField.Root>
  );
}
