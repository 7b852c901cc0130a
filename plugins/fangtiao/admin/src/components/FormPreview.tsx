import * as React from 'react';

import {
  Box,
  Button,
  Checkbox,
  DatePicker,
  DateTimePicker,
  Field as DSField,
  Flex,
  MultiSelect,
  MultiSelectOption,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Eye, Paperclip } from '@strapi/icons';

import { describeCondition } from '../schema/model';
import type { Field } from '../schema/model';
import { validateFormData, visibleFields } from '../schema/shared';

type Values = Record<string, unknown>;

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** 2024-03-01T09:30:00+08:00: local time with its offset, as the server wants it. */
function isoWithOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${ymd(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
function parseDate(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * The form as mediators will see it, rendered from the schema being edited. It can be
 * filled in to try the display conditions and the checks; nothing in it is saved.
 */
export function FormPreview({ fields }: { fields: Field[] }) {
  const [values, setValues] = React.useState<Values>({});
  const [applyConditions, setApplyConditions] = React.useState(true);
  const [checking, setChecking] = React.useState(false);

  const known = React.useMemo(() => new Set(fields.map((f) => f.key)), [fields]);
  const current = React.useMemo(() => {
    const out: Values = {};
    for (const [k, v] of Object.entries(values)) if (known.has(k) && !isEmpty(v)) out[k] = v;
    return out;
  }, [values, known]);

  const shown = React.useMemo(() => {
    try {
      return visibleFields({ fields }, current);
    } catch {
      return new Map<string, boolean>();
    }
  }, [fields, current]);

  const errors = React.useMemo(() => {
    if (!checking) return null;
    const byField = new Map<string, string[]>();
    try {
      for (const e of validateFormData({ fields }, current).errors) {
        byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
      }
    } catch (err) {
      byField.set('', [`无法校验：${(err as Error).message}`]);
    }
    return byField;
  }, [checking, fields, current]);

  const hidden = fields.filter((f) => shown.get(f.key) === false);
  const seen = new Set<string>();

  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={4}
      padding={4}
      hasRadius
      background="neutral100"
      borderColor="neutral200"
      borderStyle="solid"
      borderWidth="1px"
      data-testid="schema-preview"
    >
      <Flex justifyContent="space-between" alignItems="center" wrap="wrap" gap={2}>
        <Flex direction="column" alignItems="flex-start">
          <Typography variant="delta" tag="h3">
            表单预览
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            可试填，内容不会保存
          </Typography>
        </Flex>
        <Flex gap={2} alignItems="center">
          <Checkbox checked={applyConditions} onCheckedChange={(c) => setApplyConditions(c === true)}>
            按显示条件隐藏
          </Checkbox>
        </Flex>
      </Flex>

      {fields.length === 0 && (
        <Typography variant="pi" textColor="neutral500">
          添加字段后，这里显示生成的表单。
        </Typography>
      )}

      <Flex direction="column" alignItems="stretch" gap={4}>
        {fields.map((f, i) => {
          // a duplicated key would share its value; render only its first field
          if (seen.has(f.key)) return null;
          seen.add(f.key);
          const visible = shown.get(f.key) !== false;
          if (applyConditions && !visible) return null;
          return (
            <Box key={`${i}-${f.key}`} style={visible ? undefined : { opacity: 0.55 }}>
              <PreviewInput
                field={f}
                value={values[f.key]}
                error={errors?.get(f.key)?.join('；')}
                onChange={(v) => setValues((vs) => ({ ...vs, [f.key]: v }))}
              />
              {f.visibleWhen && (
                <Flex gap={1} alignItems="center" paddingTop={1}>
                  <Eye width="1.2rem" height="1.2rem" fill={visible ? 'primary600' : 'neutral500'} aria-hidden />
                  <Typography variant="pi" textColor={visible ? 'primary600' : 'neutral500'}>
                    {describeCondition(f.visibleWhen, fields)}
                    {visible ? '' : '（当前隐藏）'}
                  </Typography>
                </Flex>
              )}
            </Box>
          );
        })}
      </Flex>

      {applyConditions && hidden.length > 0 && (
        <Typography variant="pi" textColor="neutral500">
          另有 {hidden.length} 个字段因显示条件未满足而隐藏：{hidden.map((f) => f.label || f.key).join('、')}
        </Typography>
      )}

      {fields.length > 0 && (
        <Flex gap={2} alignItems="center" wrap="wrap">
          <Button type="button" size="S" variant={checking ? 'secondary' : 'default'} onClick={() => setChecking(!checking)}>
            {checking ? '停止校验' : '试填校验'}
          </Button>
          <Button
            type="button"
            size="S"
            variant="tertiary"
            onClick={() => {
              setValues({});
              setChecking(false);
            }}
          >
            清空
          </Button>
          {errors &&
            (errors.size === 0 ? (
              <Typography variant="pi" textColor="success600" fontWeight="bold">
                ✓ 校验通过
              </Typography>
            ) : (
              <Typography variant="pi" textColor="danger600">
                {[...errors.values()].reduce((n, l) => n + l.length, 0)} 处问题
                {errors.get('') ? `：${errors.get('')!.join('；')}` : ''}
              </Typography>
            ))}
        </Flex>
      )}
    </Flex>
  );
}

function PreviewInput({
  field,
  value,
  error,
  onChange,
}: {
  field: Field;
  value: unknown;
  error?: string;
  onChange: (v: unknown) => void;
}) {
  const id = `fs-preview-${React.useId().replace(/:/g, '')}`;
  const str = typeof value === 'string' ? value : '';
  const num = typeof value === 'number' ? value : undefined;
  const opts = field.options ?? [];
  let input: React.ReactNode;

  switch (field.type) {
    case 'textarea':
      input = (
        <Textarea value={str} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)} />
      );
      break;
    case 'number':
      input = <NumberInput value={num} onValueChange={(n: number | undefined) => onChange(n)} />;
      break;
    case 'money':
      input = (
        <NumberInput
          value={num}
          step={0.01}
          startAction={<Typography textColor="neutral600">¥</Typography>}
          placeholder="0.00"
          onValueChange={(n: number | undefined) => onChange(n)}
        />
      );
      break;
    case 'date':
      input = (
        <DatePicker
          value={parseDate(value)}
          locale="zh-CN"
          clearLabel="清除"
          onClear={() => onChange(undefined)}
          onChange={(d: Date | undefined) => onChange(d ? ymd(d) : undefined)}
        />
      );
      break;
    case 'datetime':
      input = (
        <DateTimePicker
          value={parseDate(value) ?? null}
          locale="zh-CN"
          dateLabel="日期"
          timeLabel="时间"
          clearLabel="清除"
          onClear={() => onChange(undefined)}
          onChange={(d: Date | undefined) => onChange(d ? isoWithOffset(d) : undefined)}
        />
      );
      break;
    case 'select': {
      const at = opts.findIndex((o) => o.value === value);
      input = (
        <SingleSelect
          value={at >= 0 ? String(at) : undefined}
          placeholder="请选择"
          onClear={() => onChange(undefined)}
          clearLabel="清除"
          onChange={(v: string | number) => onChange(opts[Number(v)]?.value)}
        >
          {opts.map((o, i) => (
            <SingleSelectOption key={i} value={String(i)}>
              {o.label || String(o.value)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      );
      break;
    }
    case 'multiselect': {
      const list = Array.isArray(value) ? value : [];
      const picked = list.map((v) => String(opts.findIndex((o) => o.value === v))).filter((s) => s !== '-1');
      input = (
        <MultiSelect
          value={picked}
          placeholder="请选择（可多选）"
          withTags
          onClear={() => onChange(undefined)}
          clearLabel="清除"
          onChange={(vs: string[]) => onChange(vs.map((v) => opts[Number(v)]?.value))}
        >
          {opts.map((o, i) => (
            <MultiSelectOption key={i} value={String(i)}>
              {o.label || String(o.value)}
            </MultiSelectOption>
          ))}
        </MultiSelect>
      );
      break;
    }
    case 'boolean':
      input = (
        <Toggle
          onLabel="是"
          offLabel="否"
          checked={value === true ? true : value === false ? false : null}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.checked)}
        />
      );
      break;
    case 'attachment':
      input = (
        <Flex
          gap={2}
          padding={3}
          hasRadius
          background="neutral0"
          borderStyle="dashed"
          borderWidth="1px"
          borderColor="neutral300"
          justifyContent="center"
        >
          <Paperclip fill="neutral500" aria-hidden />
          <Typography variant="pi" textColor="neutral600">
            上传附件（预览中不可用）
          </Typography>
        </Flex>
      );
      break;
    case 'id-number':
      input = (
        <TextInput
          value={str}
          maxLength={18}
          placeholder="18位公民身份号码"
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
        />
      );
      break;
    case 'phone':
      input = (
        <TextInput
          value={str}
          placeholder="手机号，或带区号的固定电话"
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
        />
      );
      break;
    case 'text':
    default:
      input = (
        <TextInput value={str} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} />
      );
  }

  return (
    <DSField.Root id={id} hint={field.help} error={error} required={field.required}>
      <DSField.Label>{field.label || field.key || '（未命名）'}</DSField.Label>
      {input}
      <DSField.Hint />
      <DSField.Error />
    </DSField.Root>
  );
}
