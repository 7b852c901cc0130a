import * as React from 'react';

import { Alert, Box, Button, Flex, Grid, Loader, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useRBAC } from '@strapi/strapi/admin';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { needs } from '../permissions';
import { DashboardRows } from './DashboardRows';
import { currentKey, downloadExport, fmtValue, periodOptions, type Dashboard, type Measure } from './DashboardModel';
import type { GetDashboard, GetOrganisations } from '../../../shared/contracts/measures';

const KINDS = [
  { kind: 'week', label: '周' },
  { kind: 'month', label: '月' },
  { kind: 'quarter', label: '季度' },
  { kind: 'year', label: '年' },
] as const;

type Kind = (typeof KINDS)[number]['kind'];

/** The dashboard of one organisation and period, reloaded when either changes; the query string the other endpoints read. */
function useDashboard(period: string, org: string) {
  const { get } = useFetchClient();
  const [data, setData] = React.useState<Dashboard | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);

  const query = React.useCallback(() => {
    const q = new URLSearchParams({ period });
    if (org) q.set('org', org);
    return q.toString();
  }, [period, org]);

  React.useEffect(() => {
    setLoading(true);
    setError(null);
    get<GetDashboard.Response>(`/fangtiao/measures?${query()}`)
      .then((r) => setData(r.data.data))
      .catch((e: any) => setError(e?.response?.data?.error?.message ?? e?.message ?? '加载失败'))
      .finally(() => setLoading(false));
  }, [get, query]);

  const exportXlsx = () => downloadExport(get, `/fangtiao/measures/export?${query()}`, `考核指标-${period}.xlsx`);
  return { data, error, loading, query, exportXlsx };
}

/** The organisations the caller may choose (none when the request fails). */
function useOrganisations() {
  const { get } = useFetchClient();
  const [orgs, setOrgs] = React.useState<GetOrganisations.Response['data']>([]);
  React.useEffect(() => {
    get<GetOrganisations.Response>('/fangtiao/measures/organisations')
      .then((r) => setOrgs(r.data.data))
      .catch(() => setOrgs([]));
  }, [get]);
  return orgs;
}

type FiltersProps = {
  kind: Kind;
  period: string;
  org: string;
  loading: boolean;
  onKind: (k: Kind) => void;
  onPeriod: (p: string) => void;
  onOrg: (o: string) => void;
};

/** The kind of period, the period and the organisation. */
function DashboardFilters({ kind, period, org, loading, onKind, onPeriod, onOrg }: FiltersProps) {
  const orgs = useOrganisations();
  return (
    <Flex gap={4} paddingBottom={6} wrap="wrap">
      <Box minWidth="160px">
        <SingleSelect aria-label="期间类型" value={kind} onChange={(v: string | number) => onKind(String(v) as Kind)}>
          {KINDS.map((k) => (
            <SingleSelectOption key={k.kind} value={k.kind}>
              按{k.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Box>
      <Box minWidth="200px">
        <SingleSelect aria-label="期间" value={period} onChange={(v: string | number) => onPeriod(String(v))}>
          {periodOptions(kind).map((p) => (
            <SingleSelectOption key={p.key} value={p.key}>
              {p.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Box>
      <Box minWidth="240px">
        <SingleSelect aria-label="组织" value={org} onChange={(v: string | number) => onOrg(String(v))}>
          <SingleSelectOption value="">全部组织</SingleSelectOption>
          {orgs.map((o) => (
            <SingleSelectOption key={o.code} value={o.code}>
              {o.name}（{o.code}）
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Box>
      {loading ? <Loader small>计算中</Loader> : null}
    </Flex>
  );
}

/** The rate measures of the period beside the previous period and the target, as bars. */
function RatesChart({ measures }: { measures: Measure[] }) {
  return (
    <Box background="neutral0" padding={4} shadow="tableShadow" hasRadius marginBottom={6}>
      <Typography variant="delta" tag="h2">
        比率类指标：本期、上期与目标
      </Typography>
      <ResponsiveContainer width="100%" height={320}>
        <BarChart
          data={measures
            .filter((m) => m.unit === 'rate')
            .map((m) => ({
              name: m.label,
              本期: pct(m.value),
              上期: pct(m.previous.value),
              目标: pct(m.target),
            }))}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 11 }} />
          <YAxis unit="%" domain={[0, 100]} />
          <Tooltip formatter={(v: any) => (v === null ? '—' : `${v}%`)} />
          <Legend />
          <Bar dataKey="本期" fill="#4945ff" />
          <Bar dataKey="上期" fill="#a5a5ba" />
          <Bar dataKey="目标" fill="#5cb176" />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}

/**
 * 考核指标 dashboard (admin panel page of the 访调 plugin): the measures of an organisation and
 * period against the previous period and the target, as charts; each figure drills down to the
 * ledger rows behind it; XLSX export. Admins may pick any organisation (or all of them).
 */
const DashboardPage = () => {
  const { allowedActions } = useRBAC(needs('measuresExport'));
  const [kind, setKind] = React.useState<Kind>('year');
  const [period, setPeriod] = React.useState<string>(currentKey('year'));
  const [org, setOrg] = React.useState<string>('');
  const [drill, setDrill] = React.useState<Measure | null>(null);
  const { data, error, loading, query, exportXlsx } = useDashboard(period, org);
  const onKind = (k: Kind) => {
    setKind(k);
    setPeriod(currentKey(k));
  };

  return (
    <Page.Main>
      <Page.Title>考核指标</Page.Title>
      <Layouts.Header
        title="考核指标"
        subtitle={
          data ? `${data.organisation?.name ?? '全部组织'} · ${data.period.label}（上期：${data.previous.label}）` : '按组织和期间实时计算'
        }
        primaryAction={
          allowedActions.canExport ? (
            <Button startIcon={<Download />} onClick={exportXlsx} disabled={!data}>
              导出台账 XLSX
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <DashboardFilters kind={kind} period={period} org={org} loading={loading} onKind={onKind} onPeriod={setPeriod} onOrg={setOrg} />
        {error ? (
          <Alert variant="danger" title="无法计算指标" closeLabel="关闭">
            {error}
          </Alert>
        ) : null}
        {data ? (
          <>
            <RatesChart measures={data.measures} />
            <Grid.Root gap={4}>
              {data.measures.map((m) => (
                <Grid.Item key={m.key} col={6} s={12} direction="column" alignItems="stretch">
                  <MeasureCard m={m} onDrill={() => setDrill(m)} />
                </Grid.Item>
              ))}
            </Grid.Root>
          </>
        ) : null}
        {drill && data ? <DashboardRows measure={drill} query={query()} onClose={() => setDrill(null)} /> : null}
      </Layouts.Content>
    </Page.Main>
  );
};

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

function MeasureCard({ m, onDrill }: { m: Measure; onDrill: () => void }) {
  const series = m.trend.map((t) => ({ name: t.label, 值: m.unit === 'rate' ? pct(t.value) : t.value }));
  const target = m.target === null ? null : m.unit === 'rate' ? pct(m.target) : m.target;
  return (
    <Box background="neutral0" padding={4} shadow="tableShadow" hasRadius>
      <Flex justifyContent="space-between" alignItems="flex-start">
        <Box>
          <Typography variant="sigma" textColor="neutral600">
            {m.label}
          </Typography>
          <Box>
            <Typography variant="alpha" textColor={m.met === false ? 'danger600' : m.met ? 'success600' : 'neutral800'}>
              {fmtValue(m, m.value)}
            </Typography>
          </Box>
          <Typography variant="pi" textColor="neutral600">
            {m.unit === 'rate'
              ? `${m.numeratorLabel} ${m.numerator} / ${m.denominatorLabel} ${m.denominator}`
              : `${m.numeratorLabel} ${m.numerator}`}
            {' · '}上期 {fmtValue(m, m.previous.value)} · 目标 {m.target === null ? '—' : fmtValue(m, m.target)}
            {m.targetLabel ? `（${m.targetLabel}）` : ''}
            {m.met === null ? '' : m.met ? ' · 达标' : ' · 未达标'}
          </Typography>
        </Box>
        <Button variant="tertiary" size="S" onClick={onDrill}>
          查看台账
        </Button>
      </Flex>
      <ResponsiveContainer width="100%" height={140}>
        <LineChart data={series}>
          <XAxis dataKey="name" tick={{ fontSize: 10 }} />
          <YAxis width={40} unit={m.unit === 'rate' ? '%' : ''} />
          <Tooltip />
          {target !== null ? <ReferenceLine y={target} stroke="#5cb176" strokeDasharray="4 4" label="目标" /> : null}
          <Line type="monotone" dataKey="值" stroke="#4945ff" connectNulls />
        </LineChart>
      </ResponsiveContainer>
      <Typography variant="pi" textColor="neutral500">
        {m.formula}
      </Typography>
    </Box>
  );
}

export { DashboardPage };
export default DashboardPage;
