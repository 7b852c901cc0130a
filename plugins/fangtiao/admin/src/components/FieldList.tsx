import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { ArrowDown, ArrowUp, Duplicate, Eye, Pencil, Trash } from '@strapi/icons';
import { styled } from 'styled-components';

import { describeCondition, typeLabel } from '../schema/model';
import type { Field, LocatedProblem } from '../schema/model';

import { RowButton as IconButton } from './RowButton';

interface FieldListProps {
  fields: Field[];
  problems: Map<number | null, LocatedProblem[]>;
  disabled?: boolean;
  onEdit: (index: number) => void;
  onMove: (index: number, delta: number) => void;
  onDuplicate: (index: number) => void;
  onDelete: (index: number) => void;
}

const Row = styled(Box)<{ $invalid: boolean }>`
  border: 1px solid ${({ theme, $invalid }) => ($invalid ? theme.colors.danger600 : theme.colors.neutral200)};
  border-left-width: 4px;
  border-left-color: ${({ theme, $invalid }) => ($invalid ? theme.colors.danger600 : theme.colors.primary600)};
  transition: background-color 0.15s;
  &:hover {
    background-color: ${({ theme }) => theme.colors.primary100};
  }
`;

const Key = styled(Typography)`
  font-family: 'SF Mono', Menlo, Consolas, monospace;
`;

const Num = styled(Flex)`
  flex-shrink: 0;
  width: 2.4rem;
  height: 2.4rem;
  border-radius: 50%;
`;

/** The field's label, type, required, options count, key, condition, help and problems. */
function FieldSummary({ f, fields, problems }: { f: Field; fields: Field[]; problems: LocatedProblem[] }) {
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} flex="1" minWidth={0}>
      <Flex gap={2} wrap="wrap" alignItems="center">
        <Typography fontWeight="bold" textColor="neutral800" ellipsis>
          {f.label || '（未命名）'}
        </Typography>
        <Badge size="S">{typeLabel(f.type)}</Badge>
        {f.required ? (
          <Badge size="S" variant="warning">
            必填
          </Badge>
        ) : (
          <Badge size="S" textColor="neutral500" backgroundColor="neutral100">
            选填
          </Badge>
        )}
        {(f.type === 'select' || f.type === 'multiselect') && (
          <Typography variant="pi" textColor="neutral500">
            {f.options?.length ?? 0} 个选项
          </Typography>
        )}
      </Flex>
      <Key variant="pi" textColor="neutral600">
        {f.key || '（无标识）'}
      </Key>
      {f.visibleWhen && (
        <Flex gap={1} alignItems="center">
          <Eye width="1.2rem" height="1.2rem" fill="primary600" aria-hidden />
          <Typography variant="pi" textColor="primary600">
            {describeCondition(f.visibleWhen, fields)}
          </Typography>
        </Flex>
      )}
      {f.help && (
        <Typography variant="pi" textColor="neutral500" ellipsis>
          说明：{f.help}
        </Typography>
      )}
      {problems.map((p, j) => (
        <Typography key={j} variant="pi" textColor="danger600" role="alert">
          {p.message}
        </Typography>
      ))}
    </Flex>
  );
}

type RowActions = Pick<FieldListProps, 'disabled' | 'onEdit' | 'onMove' | 'onDuplicate' | 'onDelete'>;

/** The row's buttons: move up and down, edit, duplicate, delete. */
function FieldActions({ i, count, disabled, onEdit, onMove, onDuplicate, onDelete }: RowActions & { i: number; count: number }) {
  return (
    <Flex gap={0} alignItems="center" shrink={0}>
      <IconButton type="button" variant="ghost" label="上移" disabled={disabled || i === 0} onClick={() => onMove(i, -1)}>
        <ArrowUp />
      </IconButton>
      <IconButton type="button" variant="ghost" label="下移" disabled={disabled || i === count - 1} onClick={() => onMove(i, 1)}>
        <ArrowDown />
      </IconButton>
      <IconButton type="button" variant="ghost" label="编辑" disabled={disabled} onClick={() => onEdit(i)}>
        <Pencil />
      </IconButton>
      <IconButton type="button" variant="ghost" label="复制" disabled={disabled} onClick={() => onDuplicate(i)}>
        <Duplicate />
      </IconButton>
      <IconButton type="button" variant="ghost" label="删除" disabled={disabled} onClick={() => onDelete(i)}>
        <Trash />
      </IconButton>
    </Flex>
  );
}

/** Shown instead of the list while the form has no field. */
function NoFields() {
  return (
    <Flex
      direction="column"
      gap={1}
      padding={6}
      hasRadius
      background="neutral100"
      borderStyle="dashed"
      borderWidth="1px"
      borderColor="neutral300"
    >
      <Typography textColor="neutral600">还没有字段。</Typography>
      <Typography variant="pi" textColor="neutral500">
        点击“添加字段”，设计这一类案件的登记表单。
      </Typography>
    </Flex>
  );
}

export function FieldList({ fields, problems, ...actions }: FieldListProps) {
  if (fields.length === 0) return <NoFields />;
  return (
    <Flex tag="ol" direction="column" alignItems="stretch" gap={2} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {fields.map((f, i) => {
        const mine = problems.get(i) ?? [];
        return (
          <Row
            key={i}
            tag="li"
            $invalid={mine.length > 0}
            background="neutral0"
            hasRadius
            paddingTop={3}
            paddingBottom={3}
            paddingLeft={3}
            paddingRight={2}
            data-testid="schema-field-row"
            onDoubleClick={() => !actions.disabled && actions.onEdit(i)}
          >
            <Flex gap={3} alignItems="flex-start">
              <Num justifyContent="center" alignItems="center" background="neutral150">
                <Typography variant="pi" fontWeight="bold" textColor="neutral600">
                  {i + 1}
                </Typography>
              </Num>
              <FieldSummary f={f} fields={fields} problems={mine} />
              <FieldActions i={i} count={fields.length} {...actions} />
            </Flex>
          </Row>
        );
      })}
    </Flex>
  );
}
