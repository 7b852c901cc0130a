import * as React from 'react';

import { Alert, Box, Button, Dialog, Field as DSField, Flex, Typography } from '@strapi/design-system';
import { Plus, WarningCircle } from '@strapi/icons';
import { useField } from '@strapi/strapi/admin';
import { styled } from 'styled-components';

import {
  dependents,
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
 * The case type's form schema (custom field plugin::fangtiao.form-schema, stored as JSON
 * `{ fields: [...] }`): a field list with an editor dialog, the checks the server makes
 * on save shown inline, a live preview of the form, and the raw JSON for power users.
 */
const FormSchemaInput = React.forwardRef<HTMLDivElement, FormSchemaInputProps>(
  ({ name, label, labelAction, hint, required, disabled }, ref) => {
    const field = useField(name);
    const read = readValue(field.value);
    const schema: EditorSchema = read.ok ? read.schema : { fields: [] };
    const fields = schema.fields;
    const schemaJson = JSON.stringify(field.value ?? null);

    const [editing, setEditing] = React.useState<{ index: number | null; field: Field } | null>(null);
    const [deleting, setDeleting] = React.useState<number | null>(null);

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
    const canRestore = refusedSchema !== null && JSON.stringify(refusedSchema) !== schemaJson;
    const refusedFields = refusedSchema?.fields ?? fields;

    const setFields = (next: Field[]) => emit({ ...schema, fields: next });

    const add = () => setEditing({ index: null, field: newField(fields) });

    const deps = deleting !== null ? dependents(fields, fields[deleting]?.key, deleting) : [];

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
            {!read.ok && (
              <Alert
                variant="danger"
                title="无法按字段列表显示"
                closeLabel="关闭"
                action={
                  <Button type="button" size="S" variant="danger-light" onClick={() => emit({ fields: [] })} disabled={disabled}>
                    重置为空表单
                  </Button>
                }
              >
                {read.message}。请在下方“高级：JSON”中修正，或重置为空表单。
              </Alert>
            )}

            {refused && serverList.length > 0 && (
              <Alert
                variant="danger"
                title="保存失败：表单结构有误"
                closeLabel="关闭"
                onClose={() => setRefused(null)}
                action={
                  canRestore ? (
                    <Button type="button" size="S" variant="danger-light" onClick={() => emit(refusedSchema!)} disabled={disabled}>
                      找回被拒绝的修改
                    </Button>
                  ) : undefined
                }
              >
                {serverList.map((p, i) => (
                  <span key={i} style={{ display: 'block' }}>
                    {fieldTitle(refusedFields, p.index)}：{p.message}
                  </span>
                ))}
                {canRestore && (
                  <span style={{ display: 'block' }}>页面已恢复为上次保存的内容；可找回被拒绝的修改，改正后再保存。</span>
                )}
              </Alert>
            )}

            {read.ok && (
              <>
                <Flex justifyContent="space-between" alignItems="center" gap={4} wrap="wrap">
                  <Flex direction="column" alignItems="flex-start" gap={1}>
                    <Typography variant="omega" fontWeight="bold" textColor="neutral800">
                      字段（{fields.length}）
                    </Typography>
                    {problems.length > 0 ? (
                      <Flex gap={1} alignItems="center">
                        <WarningCircle fill="danger600" width="1.4rem" height="1.4rem" aria-hidden />
                        <Typography variant="pi" textColor="danger600" data-testid="schema-problem-count">
                          有 {problems.length} 处问题，修正后才能保存
                        </Typography>
                      </Flex>
                    ) : (
                      <Typography variant="pi" textColor="neutral600">
                        上下移动调整顺序，双击一行可编辑
                      </Typography>
                    )}
                  </Flex>
                  <Button
                    type="button"
                    startIcon={<Plus />}
                    onClick={add}
                    disabled={disabled || fields.length >= MAX_FIELDS}
                  >
                    添加字段
                  </Button>
                </Flex>

                <Columns>
                  <Flex direction="column" alignItems="stretch" gap={2}>
                    <FieldList
                      fields={fields}
                      problems={byField}
                      disabled={disabled}
                      onEdit={(i) => setEditing({ index: i, field: fields[i] })}
                      onMove={(i, d) => setFields(moveField(fields, i, d))}
                      onDuplicate={(i) => setFields(duplicateField(fields, i))}
                      onDelete={(i) => setDeleting(i)}
                    />
                    {byField.get(null) && <ErrorList messages={byField.get(null)!.map((p) => p.message)} />}
                  </Flex>
                  <FormPreview fields={fields} />
                </Columns>
              </>
            )}

            <JsonView
              value={field.value}
              disabled={disabled}
              defaultOpen={!read.ok}
              onApply={(next) => emit(next)}
            />
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
          <Dialog.Root open onOpenChange={(open) => !open && setDeleting(null)}>
            <Dialog.Content>
              <Dialog.Header>删除字段</Dialog.Header>
              <Dialog.Body icon={<WarningCircle fill="danger600" />}>
                <Flex direction="column" gap={2}>
                  <Typography textAlign="center">
                    确定删除{fieldTitle(fields, deleting)}（{fields[deleting].key}）？
                  </Typography>
                  {deps.length > 0 && (
                    <Typography textAlign="center" variant="pi" textColor="danger600">
                      {deps.map((i) => `「${fields[i].label || fields[i].key}」`).join('、')}
                      的显示条件依据这个字段，删除后这些条件也会移除（字段总是显示）。
                    </Typography>
                  )}
                  <Typography textAlign="center" variant="pi" textColor="neutral600">
                    已登记的案件保存在旧版本的表单下，不受影响。
                  </Typography>
                </Flex>
              </Dialog.Body>
              <Dialog.Footer>
                <Dialog.Cancel>
                  <Button type="button" fullWidth variant="tertiary">
                    取消
                  </Button>
                </Dialog.Cancel>
                <Dialog.Action>
                  <Button
                    type="button"
                    fullWidth
                    variant="danger-light"
                    onClick={() => {
                      setFields(deleteField(fields, deleting));
                      setDeleting(null);
                    }}
                  >
                    删除
                  </Button>
                </Dialog.Action>
              </Dialog.Footer>
            </Dialog.Content>
          </Dialog.Root>
        )}
      </Flex>
    );
  }
);

FormSchemaInput.displayName = 'FormSchemaInput';

export default FormSchemaInput;
