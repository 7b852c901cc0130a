/** One field of the form preview as the mediator's input for its type (date pickers, choices, text). */
import * as React from 'react';

import {
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
import { Paperclip } from '@strapi/icons';

import type { Field } from '../schema/model';

type InputProps = { field: Field; value: unknown; onChange: (v: unknown) => void };

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

type TextChange = React.ChangeEvent<HTMLInputElement>;

/** 日期 and 日期时间: the server wants a plain date, or a local time with its offset. */
function DateControl({ field, value, onChange }: InputProps) {
  if (field.type === 'date') {
    return (
      <DatePicker
        value={parseDate(value)}
        locale="zh-CN"
        clearLabel="清除"
        onClear={() => onChange(undefined)}
        onChange={(d: Date | undefined) => onChange(d ? ymd(d) : undefined)}
      />
    );
  }
  return (
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
}

/** 单选 and 多选: options are keyed by position, since their values may be any JSON. */
function ChoiceControl({ field, value, onChange }: InputProps) {
  const opts = field.options ?? [];
  if (field.type === 'select') {
    const at = opts.findIndex((o) => o.value === value);
    return (
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
  }
  const list = Array.isArray(value) ? value : [];
  const picked = list.map((v) => String(opts.findIndex((o) => o.value === v))).filter((s) => s !== '-1');
  return (
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
}

/** Attachments cannot be uploaded from the preview: a placeholder says so. */
const AttachmentPlaceholder = () => (
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

/** The input for the field's type. */
function Control({ field, value, onChange }: InputProps) {
  const str = typeof value === 'string' ? value : '';
  const num = typeof value === 'number' ? value : undefined;
  switch (field.type) {
    case 'textarea':
      return <Textarea value={str} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)} />;
    case 'number':
      return <NumberInput value={num} onValueChange={(n: number | undefined) => onChange(n)} />;
    case 'money':
      return (
        <NumberInput
          value={num}
          step={0.01}
          startAction={<Typography textColor="neutral600">¥</Typography>}
          placeholder="0.00"
          onValueChange={(n: number | undefined) => onChange(n)}
        />
      );
    case 'date':
    case 'datetime':
      return <DateControl field={field} value={value} onChange={onChange} />;
    case 'select':
    case 'multiselect':
      return <ChoiceControl field={field} value={value} onChange={onChange} />;
    case 'boolean':
      return (
        <Toggle
          onLabel="是"
          offLabel="否"
          checked={value === true ? true : value === false ? false : null}
          onChange={(e: TextChange) => onChange(e.target.checked)}
        />
      );
    case 'attachment':
      return <AttachmentPlaceholder />;
    case 'id-number':
      return <TextInput value={str} maxLength={18} placeholder="18位公民身份号码" onChange={(e: TextChange) => onChange(e.target.value)} />;
    case 'phone':
      return <TextInput value={str} placeholder="手机号，或带区号的固定电话" onChange={(e: TextChange) => onChange(e.target.value)} />;
    case 'text':
    default:
      return <TextInput value={str} onChange={(e: TextChange) => onChange(e.target.value)} />;
  }
}

export function PreviewInput({ field, value, error, onChange }: InputProps & { error?: string }) {
  const id = `fs-preview-${React.useId().replace(/:/g, '')}`;
  return (
    <DSField.Root id={id} hint={field.help} error={error} required={field.required}>
      <DSField.Label>{field.label || field.key || '（未命名）'}</DSField.Label>
      <Control field={field} value={value} onChange={onChange} />
      <DSField.Hint />
      <DSField.Error />
    </DSField.Root>
  );
}
