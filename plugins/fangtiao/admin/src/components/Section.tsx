/** A titled section of the field editor, and the list of its problems. */
import * as React from 'react';

import { Divider, Flex, Typography } from '@strapi/design-system';

export function Section({ title, errors = [], children }: { title: string; errors?: string[]; children: React.ReactNode }) {
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Divider />
      <Typography variant="delta" tag="h3">
        {title}
      </Typography>
      {children}
      {errors.length > 0 && <ErrorList messages={errors} />}
    </Flex>
  );
}

export function ErrorList({ messages }: { messages: string[] }) {
  return (
    <Flex direction="column" alignItems="stretch" gap={1} role="alert">
      {[...new Set(messages)].map((m) => (
        <Typography key={m} variant="pi" textColor="danger600">
          {m}
        </Typography>
      ))}
    </Flex>
  );
}
