import * as React from 'react';

import { Button, Flex, Grid, Modal, Typography } from '@strapi/design-system';

import { boundLabels, cleanField, hasOptions, locate, usesPattern } from '../schema/model';
import type { Field, LocatedProblem } from '../schema/model';
import { FIELD_KEY_PATTERN, checkFormSchema } from '../schema/shared';

import { ErrorList, Section } from './Section';
import { OptionsEditor } from './OptionsEditor';
import { ConditionEditor } from './ConditionEditor';
import { NameInputs, TypeInputs, ValidationRules } from './FieldInputs';

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
      typeof o.value === 'string' && o.value.trim() === '' && o.label.trim() !== '' ? { ...o, value: o.label.trim() } : o,
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
      (p.index !== at && p.message.includes('循环') && p.message.includes(candidate.key)),
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

/** The problems shown: of a property, or under a root property — once it was touched, or after a failed save. */
function shownErrors(problems: LocatedProblem[], showAll: boolean, touched: Set<string>) {
  const errorOf = (prop: string): string | undefined => {
    const hits = problems.filter((p) => p.prop === prop);
    if (!hits.length || !(showAll || touched.has(rootProp(prop)))) return undefined;
    return hits.map((p) => p.message).join('；');
  };
  const errorsUnder = (root: string): string[] =>
    showAll || touched.has(root) ? problems.filter((p) => rootProp(p.prop) === root).map((p) => p.message) : [];
  return { errorOf, errorsUnder };
}

/** 取消, and 添加 / 确定 with the count of problems still to fix. */
function EditorFooter({ problemCount, adding, onSubmit }: { problemCount: number; adding: boolean; onSubmit: () => void }) {
  return (
    <Modal.Footer>
      <Modal.Close>
        <Button type="button" variant="tertiary">
          取消
        </Button>
      </Modal.Close>
      <Flex gap={3} alignItems="center">
        {problemCount > 0 && (
          <Typography variant="pi" textColor="danger600">
            请先修正标红的 {problemCount} 处问题
          </Typography>
        )}
        <Button type="button" onClick={onSubmit}>
          {adding ? '添加' : '确定'}
        </Button>
      </Flex>
    </Modal.Footer>
  );
}

export function FieldEditor({ fields, index, initial, onCancel, onSave }: FieldEditorProps) {
  const [draft, setDraft] = React.useState<Field>(() => ({
    ...initial,
    options: hasOptions(initial.type) && !initial.options?.length ? [{ value: '', label: '' }] : initial.options,
  }));
  const [touched, setTouched] = React.useState<Set<string>>(() => new Set());
  const [showAll, setShowAll] = React.useState(index !== null);

  const problems = React.useMemo(() => draftProblems(fields, index, draft), [fields, index, draft]);
  const { errorOf, errorsUnder } = shownErrors(problems, showAll, touched);

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

  const others = fields.filter((f, i) => i !== index && f.key && f.key !== draft.key);
  const generalErrors = showAll ? problems.filter((p) => ['required', 'help', ''].includes(p.prop)).map((p) => p.message) : [];

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
              <NameInputs draft={draft} update={update} errorOf={errorOf} />
              <TypeInputs draft={draft} update={update} errorOf={errorOf} />
            </Grid.Root>

            {(boundLabels(draft.type) || usesPattern(draft.type)) && <ValidationRules draft={draft} update={update} errorOf={errorOf} />}

            {hasOptions(draft.type) && (
              <Section title="选项" errors={errorsUnder('options')}>
                <OptionsEditor options={draft.options ?? []} onChange={(options) => update({ options })} />
              </Section>
            )}

            <Section title="显示条件" errors={errorsUnder('visibleWhen')}>
              <ConditionEditor value={draft.visibleWhen} others={others} onChange={(visibleWhen) => update({ visibleWhen })} />
            </Section>

            {generalErrors.length > 0 && <ErrorList messages={generalErrors} />}
          </Flex>
        </Modal.Body>
        <EditorFooter problemCount={showAll ? problems.length : 0} adding={index === null} onSubmit={submit} />
      </Modal.Content>
    </Modal.Root>
  );
}
