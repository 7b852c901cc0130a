import * as React from 'react';

import { Box, Button, Checkbox, Flex, Typography } from '@strapi/design-system';
import { Eye } from '@strapi/icons';

import { describeCondition } from '../schema/model';
import type { Field } from '../schema/model';
import { validateFormData, visibleFields } from '../schema/shared';

import { PreviewInput } from './PreviewInput';

type Values = Record<string, unknown>;

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** The values tried so far, which fields they show, and (while checking) the server's checks on them by field. */
function usePreview(fields: Field[]) {
  const [values, setValues] = React.useState<Values>({});
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

  const clear = () => {
    setValues({});
    setChecking(false);
  };
  return { values, setValues, shown, errors, checking, setChecking, clear };
}

/** One field of the preview, faded when its condition hides it, with the condition under it. */
function PreviewField({
  f,
  fields,
  visible,
  preview,
}: {
  f: Field;
  fields: Field[];
  visible: boolean;
  preview: ReturnType<typeof usePreview>;
}) {
  const { values, setValues, errors } = preview;
  return (
    <Box style={visible ? undefined : { opacity: 0.55 }}>
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
}

/** 试填校验 / 清空, and the checks' outcome. */
function PreviewChecks({ preview: { checking, setChecking, clear, errors } }: { preview: ReturnType<typeof usePreview> }) {
  return (
    <Flex gap={2} alignItems="center" wrap="wrap">
      <Button type="button" size="S" variant={checking ? 'secondary' : 'default'} onClick={() => setChecking(!checking)}>
        {checking ? '停止校验' : '试填校验'}
      </Button>
      <Button type="button" size="S" variant="tertiary" onClick={clear}>
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
  );
}

/**
 * The form as mediators will see it, rendered from the schema being edited. It can be
 * filled in to try the display conditions and the checks; nothing in it is saved.
 */
export function FormPreview({ fields }: { fields: Field[] }) {
  const [applyConditions, setApplyConditions] = React.useState(true);
  const preview = usePreview(fields);
  const { shown } = preview;
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
          return <PreviewField key={`${i}-${f.key}`} f={f} fields={fields} visible={visible} preview={preview} />;
        })}
      </Flex>

      {applyConditions && hidden.length > 0 && (
        <Typography variant="pi" textColor="neutral500">
          另有 {hidden.length} 个字段因显示条件未满足而隐藏：{hidden.map((f) => f.label || f.key).join('、')}
        </Typography>
      )}

      {fields.length > 0 && <PreviewChecks preview={preview} />}
    </Flex>
  );
}
