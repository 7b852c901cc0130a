import * as React from 'react';

import { Badge, Box, Button, Flex, Loader, Modal, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';

import { downloadExport, type Measure } from './DashboardModel';
import type { GetRows } from '../../../shared/contracts/measures';
import { screenColumns } from '../../../server/src/measures/ledger-columns';

type Row = Record<string, unknown> & { documentId?: string; referenceNo?: string; inNumerator?: unknown; inDenominator?: unknown };
type RowsMeta = { period?: { label?: string }; numerator?: number; denominator?: number | null };

/** The rows behind one figure and what they stand for (period, counts); null while loading. */
function useLedgerRows(measure: Measure, query: string) {
  const { get } = useFetchClient();
  const [rows, setRows] = React.useState<Row[] | null>(null);
  const [meta, setMeta] = React.useState<RowsMeta | null>(null);

  React.useEffect(() => {
    get<GetRows.Response>(`/fangtiao/measures/${measure.key}/rows?${query}`).then((r) => {
      setRows(r.data.data as Row[]);
      setMeta(r.data.meta as RowsMeta);
    });
  }, [get, measure.key, query]);

  const exportOne = () => downloadExport(get, `/fangtiao/measures/export?${query}&measure=${measure.key}`, `${measure.label}-台账.xlsx`);
  return { rows, meta, exportOne };
}

/** The rows as a table, the last column saying whether each counts in the numerator and denominator. */
function LedgerTable({ measure, rows }: { measure: Measure; rows: Row[] }) {
  const cols = screenColumns(measure.ledger);
  return (
    <Table colCount={cols.length + 1} rowCount={rows.length}>
      <Thead>
        <Tr>
          {cols.map(([, h]) => (
            <Th key={h}>
              <Typography variant="sigma">{h}</Typography>
            </Th>
          ))}
          <Th>
            <Typography variant="sigma">计入</Typography>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((r, i) => (
          <Tr key={r.documentId ?? `${r.referenceNo}-${i}`}>
            {cols.map(([k]) => (
              <Td key={k}>
                <Typography variant="omega">{String(r[k] ?? '')}</Typography>
              </Td>
            ))}
            <Td>
              <Flex gap={1}>
                {r.inNumerator ? <Badge active>{measure.numeratorLabel}</Badge> : null}
                {measure.unit === 'rate' && r.inDenominator ? <Badge>{measure.denominatorLabel}</Badge> : null}
              </Flex>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** The ledger rows (台账) behind one figure, in a modal: each row says whether it counts in the numerator and denominator. */
export function DashboardRows({ measure, query, onClose }: { measure: Measure; query: string; onClose: () => void }) {
  const { rows, meta, exportOne } = useLedgerRows(measure, query);
  return (
    <Modal.Root open onOpenChange={(o: boolean) => (!o ? onClose() : undefined)}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{measure.label} · 台账</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {!rows ? (
            <Loader>加载中</Loader>
          ) : (
            <>
              <Typography variant="pi" textColor="neutral600">
                {meta?.period?.label} · {measure.formula} · {measure.numeratorLabel} {meta?.numerator}
                {measure.unit === 'rate' ? ` / ${measure.denominatorLabel} ${meta?.denominator}` : ''}
              </Typography>
              <Box paddingTop={4}>
                <LedgerTable measure={measure} rows={rows} />
              </Box>
            </>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            关闭
          </Button>
          <Button onClick={exportOne}>导出本项台账</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
