import * as React from 'react';

import { Alert, Box, Button, Field as DSField, Flex, Typography } from '@strapi/design-system';
import { Plus, WarningCircle } from '@strapi/icons';
import { useField } from '@strapi/strapi/admin';
import { styled } from 'styled-components';

import {
  deleteField,
  duplicateField,
  fieldTitle,
  flattenServerErrors,
  groupByField,
  locate,
  moveField,
  newField,
  problemsOf,
  readValue,
  saveField,
} from '../schema/model';
import type { EditorSchema, Field } from '../schema/model';
import { MAX_FIELDS } from '../schema/shared';

import { DeleteFieldDialog } from './DeleteFieldDialog';
import { FieldEditor, ErrorList } from './FieldEditor';
import { FieldList } from './FieldList';
import { FormPreview } from './FormPreview';
import { JsonView } from './JsonView';

/** Props the content manager gives a custom field's input (Strapi 5). */
interface FormSchemaInputProps {
  name: string;
  label?: React.ReactNode;
  labelAction?: React.ReactNode;
  hint?: React.ReactNode;
  required?: boolean;
  disabled?: boolean;
}

/** List beside preview when there is room, preview below the list when there is not. */
const Columns = styled.div`
  display: grid;
  gap: ${({ theme }) => theme.spaces[4]};
  grid-template-columns: repeat(auto-fit, minmax(34rem, 1fr));
  align-items: start;
`;

/**
 * The schema in the content manager's form: read from the field's value, its problems, and
 * `emit` to write it back; the server's refusal of the last save, with the refused schema.
 */
function useSchemaField(name: string) {
  const field = useField(name);
  const read = readValue(field.value);
  const schema: EditorSchema = read.ok ? read.schema : { fields: [] };
  const fields = schema.fields;
  const schemaJson = JSON.stringify(field.value ?? null);

  const problems = React.useMemo(() => (read.ok ? problemsOf(schema) : []), [schemaJson]); // eslint-disable-line react-hooks/exhaustive-deps
  const byField = React.useMemo(() => groupByField(problems), [problems]);

  // What this editor last wrote into the form. When the server refuses a save, Strapi
  // 5.54's content manager puts the saved document back into the form (keeping the
  // errors), so without this the refused edits would be lost.
  const lastEmitted = React.useRef<EditorSchema | null>(null);
  const emit = (next: EditorSchema) => {
    lastEmitted.current = next;
    field.onChange(name, next);
  };

  // Errors the server returned on the last save, until dismissed or the next save.
  const serverList = React.useMemo(() => flattenServerErrors(field.rawError).map(locate), [field.rawError]);
  const [refused, setRefused] = React.useState<{ raw: unknown; schema: EditorSchema | null } | null>(null);
  React.useEffect(() => {
    setRefused(serverList.length ? { raw: field.rawError, schema: lastEmitted.current } : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [field.rawError]);
  const refusedSchema = refused?.schema ?? null;

  return {
    field,
    read,
    fields,
    problems,
    byField,
    emit,
    setFields: (next: Field[]) => emit({ ...schema, fields: next }),
    refusal: {
      shown: !!refused && serverList.length > 0,
      list: serverList,
      schema: refusedSchema,
      canRestore: refusedSchema !== null && JSON.stringify(refusedSchema) !== schemaJson,
      fields: refusedSchema?.fields ?? fields,
      dismiss: () => setRefused(null),
    },
  };
}

type Refusal = ReturnType<typeof useSchemaField>['refusal'];

/** The server's refusal of the last save, each problem by field, and a way back to the refused edits. */
function RefusedAlert({ refusal, disabled, onRestore }: { refusal: Refusal; disabled?: boolean; onRestore: (s: EditorSchema) => void }) {
  const { list, canRestore, schema, fields, dismiss } = refusal;
  return (
    <Alert
      variant="danger"
      title="保存失败：表单结构有误"
      closeLabel="关闭"
      onClose={dismiss}
      action={
        canRestore ? (
          <Button type="button" size="S" variant="danger-light" onClick={() => onRestore(schema!)} disabled={disabled}>
            找回被拒绝的修改
          </Button>
        ) : undefined
      }
    >
      {list.map((p, i) => (
        <span key={i} style={{ display: 'block' }}>
          {fieldTitle(fields, p.index)}：{p.message}
        </span>
      ))}
      {canRestore && <span style={{ display: 'block' }}>页面已恢复为上次保存的内容；可找回被拒绝的修改，改正后再保存。</span>}
    </Alert>
  );
}

/** The field count, the problems to fix before saving (or how to edit), and 添加字段. */
function FieldsHeader({ count, problems, disabled, onAdd }: { count: number; problems: number; disabled?: boolean; onAdd: () => void }) {
  return (
    <Flex justifyContent="space-between" alignItems="center" gap={4} wrap="wrap">
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="omega" fontWeight="bold" textColor="neutral800">
          字段（{count}）
        </Typography>
        {problems > 0 ? (
          <Flex gap={1} alignItems="center">
            <WarningCircle fill="danger600" width="1.4rem" height="1.4rem" aria-hidden />
            <Typography variant="pi" textColor="danger600" data-testid="schema-problem-count">
              有 {problems} 处问题，修正后才能保存
            </Typography>
          </Flex>
        ) : (
          <Typography variant="pi" textColor="neutral600">
            上下移动调整顺序，双击一行可编辑
          </Typography>
        )}
      </Flex>
      <Button type="button" startIcon={<Plus />} onClick={onAdd} disabled={disabled || count >= MAX_FIELDS}>
        添加字段
      </Button>
    </Flex>
  );
}

/** Shown when the stored value is not a field list: it can be reset, or fixed in the JSON below. */
function UnreadableAlert({ message, disabled, onReset }: { message: string; disabled?: boolean; onReset: () => void }) {
  return (
    <Alert
      variant="danger"
      title="无法按字段列表显示"
      closeLabel="关闭"
      action={
        <Button type="button" size="S" variant="danger-light" onClick={onReset} disabled={disabled}>
          重置为空表单
        </Button>
      }
    >
      {message}。请在下方“高级：JSON”中修正，或重置为空表单。
    </Alert>
  );
}

type FieldsPanelProps = {
  schema: ReturnType<typeof useSchemaField>;
  disabled?: boolean;
  onEdit: (index: number | null, field: Field) => void;
  onDelete: (index: number) => void;
};

/** The field list beside the live preview; reordering and duplicating write straight back. */
function FieldsPanel({ schema: { fields, problems, byField, setFields }, disabled, onEdit, onDelete }: FieldsPanelProps) {
  return (
    <>
      <FieldsHeader count={fields.length} problems={problems.length} disabled={disabled} onAdd={() => onEdit(null, newField(fields))} />
      <Columns>
        <Flex direction="column" alignItems="stretch" gap={2}>
          <FieldList
            fields={fields}
            problems={byField}
            disabled={disabled}
            onEdit={(i) => onEdit(i, fields[i])}
            onMove={(i, d) => setFields(moveField(fields, i, d))}
            onDuplicate={(i) => setFields(duplicateField(fields, i))}
            onDelete={onDelete}
          />
          {byField.get(null) && <ErrorList messages={byField.get(null)!.map((p) => p.message)} />}
        </Flex>
        <FormPreview fields={fields} />
      </Columns>
    </>
  );
}

/**
 * The case type's form schema (custom field plugin::fangtiao.form-schema, stored as JSON
 * `{ fields: [...] }`): a field list with an editor dialog, the checks the server makes
 * on save shown inline, a live preview of the form, and the raw JSON for power users.
 */
const FormSchemaInput = React.forwardRef<HTMLDivElement, FormSchemaInputProps>(
  ({ name, label, labelAction, hint, required, disabled }, ref) => {
    const schemaField = useSchemaField(name);
    const { field, read, fields, emit, setFields, refusal } = schemaField;
    const [editing, setEditing] = React.useState<{ index: number | null; field: Field } | null>(null);
    const [deleting, setDeleting] = React.useState<number | null>(null);

    return (
      <Flex
        ref={ref}
        direction="column"
        alignItems="stretch"
        gap={2}
        data-testid="form-schema-editor"
        onKeyDown={(e: React.KeyboardEvent) => {
          // Enter in the editor's inputs must not submit the content manager's form
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
        }}
      >
        <DSField.Root name={name} id={name} required={required}>
          <Flex justifyContent="space-between" alignItems="flex-end" gap={4}>
            <DSField.Label action={labelAction}>{label ?? '表单结构'}</DSField.Label>
          </Flex>
        </DSField.Root>

        <Box padding={4} hasRadius borderColor="neutral200" borderStyle="solid" borderWidth="1px" background="neutral0">
          <Flex direction="column" alignItems="stretch" gap={4}>
            {!read.ok && <UnreadableAlert message={read.message} disabled={disabled} onReset={() => emit({ fields: [] })} />}
            {refusal.shown && <RefusedAlert refusal={refusal} disabled={disabled} onRestore={emit} />}
            {read.ok && (
              <FieldsPanel
                schema={schemaField}
                disabled={disabled}
                onEdit={(index, f) => setEditing({ index, field: f })}
                onDelete={(i) => setDeleting(i)}
              />
            )}
            <JsonView value={field.value} disabled={disabled} defaultOpen={!read.ok} onApply={(next) => emit(next)} />
          </Flex>
        </Box>

        {hint && (
          <Typography variant="pi" textColor="neutral600">
            {hint}
          </Typography>
        )}
        {field.error && (
          <Typography variant="pi" textColor="danger600">
            {field.error}
          </Typography>
        )}

        {editing && (
          <FieldEditor
            fields={fields}
            index={editing.index}
            initial={editing.field}
            onCancel={() => setEditing(null)}
            onSave={(f) => {
              setFields(saveField(fields, editing.index, f));
              setEditing(null);
            }}
          />
        )}

        {deleting !== null && fields[deleting] && (
          <DeleteFieldDialog
            fields={fields}
            index={deleting}
            onClose={() => setDeleting(null)}
            onDelete={() => {
              setFields(deleteField(fields, deleting));
              setDeleting(null);
            }}
          />
        )}
      </Flex>
    );
  },
);

FormSchemaInput.displayName = 'FormSchemaInput';

export default FormSchemaInput;
