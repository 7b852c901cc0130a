/** The options of a select field: value and name, in order. */
import * as React from 'react';

import { Box, Button, Flex, TextInput, Typography } from '@strapi/design-system';
import { ArrowDown, ArrowUp, Plus, Trash } from '@strapi/icons';

import type { FieldOption, OptionValue } from '../schema/model';

import { RowButton as IconButton } from './RowButton';

/** The column titles over the option rows. */
function OptionsHeader() {
  return (
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
  );
}

export function OptionsEditor({ options, onChange }: { options: FieldOption[]; onChange: (o: FieldOption[]) => void }) {
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
      {options.length > 0 && <OptionsHeader />}
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
                const value: OptionValue = typeof o.value === 'number' && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
                set(i, { value });
              }}
            />
          </Box>
          <Flex gap={1}>
            <IconButton type="button" label="上移" variant="ghost" disabled={i === 0} onClick={() => move(i, -1)}>
              <ArrowUp />
            </IconButton>
            <IconButton type="button" label="下移" variant="ghost" disabled={i === options.length - 1} onClick={() => move(i, 1)}>
              <ArrowDown />
            </IconButton>
            <IconButton type="button" label="删除选项" variant="ghost" onClick={() => onChange(options.filter((_, j) => j !== i))}>
              <Trash />
            </IconButton>
          </Flex>
        </Flex>
      ))}
      <Box>
        <Button type="button" variant="secondary" startIcon={<Plus />} onClick={() => onChange([...options, { value: '', label: '' }])}>
          添加选项
        </Button>
      </Box>
    </Flex>
  );
}
