import * as React from 'react';

import { Accordion, Button, Flex, JSONInput, Typography } from '@strapi/design-system';
import { Code } from '@strapi/icons';

import { readValue } from '../schema/model';
import type { EditorSchema } from '../schema/model';

const pretty = (v: unknown) => JSON.stringify(v ?? { fields: [] }, null, 2);
const normal = (text: string): string | null => {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return null;
  }
};

/**
 * The schema as JSON, for power users: edits are applied as soon as they are valid JSON
 * of the right shape; the field list and the preview follow.
 */
export function JsonView({
  value,
  disabled,
  defaultOpen,
  onApply,
}: {
  value: unknown;
  disabled?: boolean;
  defaultOpen?: boolean;
  onApply: (schema: EditorSchema) => void;
}) {
  const [text, setText] = React.useState(() => (typeof value === 'string' ? value : pretty(value)));
  const [problem, setProblem] = React.useState<string | null>(null);
  const valueJson = typeof value === 'string' ? normal(value) : JSON.stringify(value ?? { fields: [] });

  // follow changes made in the list editor, unless the text already says the same
  React.useEffect(() => {
    if (normal(text) !== valueJson) {
      setText(typeof value === 'string' ? value : pretty(value));
      setProblem(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [valueJson]);

  const change = (next: string) => {
    setText(next);
    let parsed: unknown;
    try {
      parsed = JSON.parse(next);
    } catch (e) {
      setProblem(`JSON 格式有误：${(e as Error).message}`);
      return;
    }
    const read = readValue(parsed);
    if (!read.ok) {
      setProblem(read.message);
      return;
    }
    setProblem(null);
    if (JSON.stringify(read.schema) !== valueJson) onApply(read.schema);
  };

  return (
    <Accordion.Root defaultValue={defaultOpen ? 'json' : undefined}>
      <Accordion.Item value="json">
        <Accordion.Header>
          <Accordion.Trigger icon={Code} description="直接编辑表单结构的 JSON；格式正确时立即生效">
            高级：JSON
          </Accordion.Trigger>
        </Accordion.Header>
        <Accordion.Content>
          <Flex direction="column" alignItems="stretch" gap={2} padding={4}>
            <JSONInput value={text} onChange={change} disabled={disabled} hasError={!!problem} minHeight="24rem" />
            <Flex justifyContent="space-between" alignItems="center">
              <Typography variant="pi" textColor={problem ? 'danger600' : 'neutral600'}>
                {problem ?? '格式正确，已同步到字段列表。'}
              </Typography>
              {problem && (
                <Button type="button" size="S" variant="tertiary" onClick={() => change(pretty(value))}>
                  撤销 JSON 修改
                </Button>
              )}
            </Flex>
          </Flex>
        </Accordion.Content>
      </Accordion.Item>
    </Accordion.Root>
  );
}
