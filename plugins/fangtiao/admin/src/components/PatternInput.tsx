/** The field editor's format rule (a regular expression), tried on a sample as it is typed. */
import * as React from 'react';

import { Box, Field as DSField, Flex, TextInput, Typography } from '@strapi/design-system';

export function PatternInput({ value, error, onChange }: { value: string; error?: string; onChange: (v: string) => void }) {
  const [sample, setSample] = React.useState('');
  let verdict: React.ReactNode = null;
  if (value && sample) {
    let re: RegExp | null;
    try {
      re = new RegExp(`^(?:${value})$`);
    } catch {
      re = null;
    }
    verdict = re ? (
      <Typography variant="pi" textColor={re.test(sample.trim()) ? 'success600' : 'danger600'}>
        {re.test(sample.trim()) ? '✓ 符合' : '✗ 不符合'}
      </Typography>
    ) : null;
  }
  return (
    <Flex gap={4} alignItems="flex-start">
      <Box flex="2">
        <DSField.Root
          name="pattern"
          id="fs-edit-pattern"
          error={error}
          hint="JavaScript 正则表达式，须与整个值匹配，如 \d{6} 表示6位数字；留空不限"
        >
          <DSField.Label>格式规则</DSField.Label>
          <TextInput
            value={value}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
            placeholder="不限"
            style={{ fontFamily: 'monospace' }}
          />
          <DSField.Hint />
          <DSField.Error />
        </DSField.Root>
      </Box>
      <Box flex="1">
        <DSField.Root name="patternSample" id="fs-edit-pattern-sample" hint={verdict ? undefined : '输入样例，检验规则'}>
          <DSField.Label>试一试</DSField.Label>
          <TextInput
            value={sample}
            disabled={!value}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSample(e.target.value)}
            placeholder="样例"
          />
          <DSField.Hint />
          {verdict}
        </DSField.Root>
      </Box>
    </Flex>
  );
}
