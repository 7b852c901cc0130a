/**
 * Editors for the list-like settings (Strapi custom fields stored as JSON), in place of the
 * Content Manager's raw JSON box: a date list with a date picker (holidays, adjusted working
 * days), a recipients list with pickers (warning rules), and a role-count table (hearing
 * types). Each writes the value itself (an array or object), never its text.
 */
import * as React from 'react';

import {
  Box,
  Button,
  Checkbox,
  DatePicker,
  Field,
  Flex,
  IconButton,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Cross, Plus, Trash } from '@strapi/icons';
import { useField } from '@strapi/strapi/admin';

import { PARTICIPANT_ROLES, RECIPIENT_LEVELS, RECIPIENT_ROLES, ROLES } from './shared';
import type { DateList, Recipient, RoleCounts as Counts } from '../../../shared/contracts/settings';

/** Props the content manager gives a custom field's input (Strapi 5). */
export interface SettingInputProps {
  name: string;
  label?: React.ReactNode;
  labelAction?: React.ReactNode;
  hint?: React.ReactNode;
  required?: boolean;
  disabled?: boolean;
}

/** A stored JSON value; text (older rows on SQLite) is parsed, anything unreadable gives `fallback`. */
function valueOf<T>(v: unknown, fallback: T): T {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return fallback;
    }
  }
  return (v ?? fallback) as T;
}

/** Label, hint and the server's message around an editor. */
function Frame({
  name,
  label,
  labelAction,
  hint,
  required,
  error,
  children,
  testId,
}: SettingInputProps & { error?: string; children: React.ReactNode; testId: string }) {
  return (
    <Field.Root name={name} id={name} required={required} hint={hint} error={error}>
      <Flex direction="column" alignItems="stretch" gap={2} data-testid={testId}>
        <Field.Label action={labelAction}>{label}</Field.Label>
        {children}
        <Field.Hint />
        <Field.Error />
      </Flex>
    </Field.Root>
  );
}

/** YYYY-MM-DD of the day the admin picked (the picker gives local midnight). */
const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (day: string) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()];

/** A sorted list of dates (YYYY-MM-DD): pick a date to add it, × to remove one. */
export const DateListInput = React.forwardRef<HTMLDivElement, SettingInputProps>((props, ref) => {
  const field = useField(props.name);
  const days = valueOf<unknown>(field.value, []);
  const list = Array.isArray(days) ? days.map(String) : [];
  const set = (next: DateList) => field.onChange(props.name, [...new Set(next)].sort());
  const [picked, setPicked] = React.useState<Date | undefined>();
  return (
    <div ref={ref}>
      <Frame {...props} error={field.error} testId={`date-list-${props.name}`}>
        <Flex gap={2} alignItems="flex-end">
          <Box width="20rem">
            <DatePicker
              locale="zh-CN"
              value={picked}
              onChange={setPicked}
              onClear={() => setPicked(undefined)}
              clearLabel="清除"
              aria-label="选择日期"
              disabled={props.disabled}
            />
          </Box>
          <Button
            type="button"
            variant="secondary"
            startIcon={<Plus />}
            disabled={props.disabled || !picked}
            onClick={() => {
              set([...list, ymd(picked!)]);
              setPicked(undefined);
            }}
          >
            添加日期
          </Button>
        </Flex>
        <Flex gap={2} wrap="wrap">
          {list.length === 0 && <Typography textColor="neutral500">（无）</Typography>}
          {list.map((day) => (
            <Flex key={day} gap={1} paddingLeft={2} hasRadius background="neutral100" borderColor="neutral200" data-testid="date-chip">
              <Typography variant="omega">
                {day}（周{weekday(day)}）
              </Typography>
              <IconButton
                type="button"
                label={`删除 ${day}`}
                variant="ghost"
                size="XS"
                disabled={props.disabled}
                onClick={() => set(list.filter((d) => d !== day))}
              >
                <Cross />
              </IconButton>
            </Flex>
          ))}
        </Flex>
      </Frame>
    </div>
  );
});

/** Warning recipients: rows of role × level, each picked from the server's lists. */
export const RecipientsInput = React.forwardRef<HTMLDivElement, SettingInputProps>((props, ref) => {
  const field = useField(props.name);
  const raw = valueOf<unknown>(field.value, []);
  const rows: Recipient[] = Array.isArray(raw) ? raw.map((r: any) => ({ role: String(r?.role ?? ''), level: String(r?.level ?? '') })) : [];
  const set = (next: Recipient[]) => field.onChange(props.name, next);
  const update = (i: number, patch: Partial<Recipient>) => set(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div ref={ref}>
      <Frame {...props} error={field.error} testId={`recipients-${props.name}`}>
        {rows.map((r, i) => (
          <Flex key={i} gap={2} data-testid="recipient-row">
            <Box width="16rem">
              <SingleSelect
                aria-label={`第${i + 1}类接收人的角色`}
                placeholder="角色"
                value={r.role || undefined}
                disabled={props.disabled}
                onChange={(v) => update(i, { role: String(v) })}
              >
                {RECIPIENT_ROLES.map((role) => (
                  <SingleSelectOption key={role} value={role}>
                    {ROLES[role].name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
            <Box width="16rem">
              <SingleSelect
                aria-label={`第${i + 1}类接收人的层级`}
                placeholder="层级"
                value={r.level || undefined}
                disabled={props.disabled}
                onChange={(v) => update(i, { level: String(v) })}
              >
                {Object.entries(RECIPIENT_LEVELS).map(([level, text]) => (
                  <SingleSelectOption key={level} value={level}>
                    {text}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
            <IconButton
              type="button"
              label={`删除第${i + 1}类接收人`}
              variant="ghost"
              disabled={props.disabled}
              onClick={() => set(rows.filter((_, j) => j !== i))}
            >
              <Trash />
            </IconButton>
          </Flex>
        ))}
        <Box>
          <Button
            type="button"
            variant="secondary"
            startIcon={<Plus />}
            disabled={props.disabled}
            onClick={() => set([...rows, { role: 'leader', level: 'county' }])}
          >
            添加接收人
          </Button>
        </Box>
      </Frame>
    </div>
  );
});

/** A hearing type's head counts: one row per participant role, taking part or not, min and max. */
export const RoleCountsInput = React.forwardRef<HTMLDivElement, SettingInputProps>((props, ref) => {
  const field = useField(props.name);
  const raw = valueOf<unknown>(field.value, {});
  const counts: Counts = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Counts) : {};
  const set = (role: string, next: { min: number; max?: number } | null) => {
    const out: Counts = {};
    // Keep the roles in the table's order, so the stored JSON reads the same way.
    for (const r of Object.keys(PARTICIPANT_ROLES)) {
      const v = r === role ? next : counts[r];
      if (v) out[r] = v.max === undefined ? { min: v.min } : { min: v.min, max: v.max };
    }
    field.onChange(props.name, out);
  };
  return (
    <div ref={ref}>
      <Frame {...props} error={field.error} testId={`role-counts-${props.name}`}>
        <Table colCount={4} rowCount={Object.keys(PARTICIPANT_ROLES).length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">角色</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">参加</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">最少人数</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">最多人数（空为不限）</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {Object.entries(PARTICIPANT_ROLES).map(([role, text]) => {
              const c = counts[role];
              return (
                <Tr key={role} data-testid={`role-row-${role}`}>
                  <Td>
                    <Typography>{text}</Typography>
                  </Td>
                  <Td>
                    <Checkbox
                      aria-label={`${text}参加`}
                      checked={!!c}
                      disabled={props.disabled}
                      onCheckedChange={(on: boolean) =>
                        set(role, on ? { min: role === 'chair' ? 1 : 0, ...(role === 'chair' ? { max: 1 } : {}) } : null)
                      }
                    />
                  </Td>
                  <Td>
                    <NumberInput
                      aria-label={`${text}最少人数`}
                      value={c?.min}
                      disabled={props.disabled || !c}
                      onValueChange={(v) => c && set(role, { ...c, min: v ?? 0 })}
                    />
                  </Td>
                  <Td>
                    <NumberInput
                      aria-label={`${text}最多人数`}
                      value={c?.max}
                      disabled={props.disabled || !c}
                      onValueChange={(v) => c && set(role, { min: c.min, max: v })}
                    />
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      </Frame>
    </div>
  );
});
