import * as React from 'react';

import { Alert, Box, Button, Flex, Loader, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';

import type { GetPoolWeek, GetPools, Pool, PoolWeek as Week } from '../../../shared/contracts/experts';

const DAY = 86_400_000;
const SH = 8 * 3_600_000;
const FIELDS: Record<string, string> = { law: '法律', psychology: '心理', social_work: '社会工作', local_worthy: '乡贤', industry: '行业' };
const STATES: Record<string, string> = { requested: '待确认', accepted: '已确认', done: '已完成' };
const MODES: Record<string, string> = { in_person: '现场', phone: '电话', video: '视频' };
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** Shanghai wall-clock parts of an instant. */
const sh = (iso: string | number) => new Date(new Date(iso).getTime() + SH);
const hhmm = (iso: string) => sh(iso).toISOString().slice(11, 16);
const md = (ms: number) => `${sh(ms).getUTCMonth() + 1}月${sh(ms).getUTCDate()}日`;

type Expert = Week['experts'][number];

/** The pools, the chosen one (the first at start) and its week around `weekOf`. */
function usePoolWeek(weekOf: number) {
  const { get } = useFetchClient();
  const [pools, setPools] = React.useState<Pool[]>([]);
  const [pool, setPool] = React.useState<string>('');
  const [data, setData] = React.useState<Week | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);

  React.useEffect(() => {
    get<GetPools.Response>('/fangtiao/expert-pools')
      .then((r) => {
        setPools(r.data.data);
        if (r.data.data[0]) setPool(r.data.data[0].documentId);
      })
      .catch((e: any) => setError(e?.message ?? '加载失败'));
  }, [get]);

  React.useEffect(() => {
    if (!pool) return;
    setLoading(true);
    setError(null);
    get<GetPoolWeek.Response>(`/fangtiao/expert-pools/${pool}/week?week=${encodeURIComponent(new Date(weekOf).toISOString())}`)
      .then((r) => setData(r.data.data))
      .catch((e: any) => setError(e?.response?.data?.error?.message ?? e?.message ?? '加载失败'))
      .finally(() => setLoading(false));
  }, [get, pool, weekOf]);
  return { pools, pool, setPool, data, error, loading };
}

/** One expert's day: availability, leave, and the bookings that start that day. */
function ExpertDay({ expert: e, day: d, weekday, bookings }: { expert: Expert; day: number; weekday: number; bookings: Week['bookings'] }) {
  const slots = (e.availability?.weekly ?? []).filter((s) => s.weekday === weekday);
  const leave = (e.availability?.exceptions ?? []).some(
    (x) => x.kind === 'leave' && new Date(x.from).getTime() < d + DAY && new Date(x.to).getTime() > d,
  );
  const booked = bookings.filter(
    (b) => b.expert === e.documentId && new Date(b.start).getTime() >= d && new Date(b.start).getTime() < d + DAY,
  );
  return (
    <td style={{ ...cell, background: leave ? '#fcecea' : slots.length ? '#eafbe7' : undefined }}>
      {leave ? <Typography textColor="danger600">请假</Typography> : null}
      {slots.map((s) => (
        <div key={`${s.start}-${s.end}`}>
          <Typography variant="pi" textColor="neutral600">
            可约 {s.start}–{s.end}
          </Typography>
        </div>
      ))}
      {booked.map((b) => (
        <div
          key={b.documentId}
          style={{ marginTop: 4, padding: 4, borderRadius: 4, background: b.state === 'accepted' ? '#d9d8ff' : '#f0f0ff' }}
        >
          <Typography variant="pi">
            {hhmm(b.start)}–{hhmm(b.end)} {STATES[b.state] ?? b.state}
            <br />
            {FIELDS[b.field ?? ''] ?? ''}·{MODES[b.mode] ?? ''} {b.caseReference ?? ''}
          </Typography>
        </div>
      ))}
    </td>
  );
}

/** The week as a table: a row per member, a column per day. */
function WeekTable({ data, days }: { data: Week; days: number[] }) {
  return (
    <Box background="neutral0" padding={4} shadow="tableShadow" hasRadius style={{ overflowX: 'auto' }}>
      <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13 }}>
        <thead>
          <tr>
            <th style={cell}>专家</th>
            {days.map((d, i) => (
              <th key={d} style={cell}>
                {WEEKDAYS[i]}
                <br />
                {md(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.experts.map((e) => (
            <tr key={e.documentId}>
              <td style={cell}>
                <Typography fontWeight="bold">{e.displayName}</Typography>
                {e.status !== 'active' ? <Typography textColor="danger600"> 休假</Typography> : null}
              </td>
              {days.map((d, i) => (
                <ExpertDay key={d} expert={e} day={d} weekday={i + 1} bookings={data.bookings} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {!data.experts.length ? <Typography textColor="neutral600">该专家库还没有成员：请在内容管理「专家库」中添加。</Typography> : null}
    </Box>
  );
}

/**
 * 专家排班 (admin panel page of the 访调 plugin): one pool's week in Asia/Shanghai — each
 * member's weekly availability and bookings day by day, with leave marked. Read-only;
 * pools and members are edited in the Content Manager.
 */
const ExpertSchedulePage = () => {
  const [weekOf, setWeekOf] = React.useState<number>(Date.now());
  const { pools, pool, setPool, data, error, loading } = usePoolWeek(weekOf);
  const start = data ? new Date(data.weekStart).getTime() : 0;
  const days = Array.from({ length: 7 }, (_, i) => start + i * DAY);

  return (
    <Page.Main>
      <Page.Title>专家排班</Page.Title>
      <Layouts.Header
        title="专家排班"
        subtitle={
          data
            ? `${data.pool.name}（${FIELDS[data.pool.field] ?? data.pool.field}，${data.pool.level === 'city' ? '市级' : '县级'}）· ${md(start)}—${md(start + 6 * DAY)}`
            : '专家库的周排班与预约'
        }
      />
      <Layouts.Content>
        <Flex gap={4} paddingBottom={6} wrap="wrap">
          <Box minWidth="280px">
            <SingleSelect aria-label="专家库" value={pool} onChange={(v: string | number) => setPool(String(v))}>
              {pools.map((p) => (
                <SingleSelectOption key={p.documentId} value={p.documentId}>
                  {p.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Button variant="secondary" onClick={() => setWeekOf(weekOf - 7 * DAY)}>
            上一周
          </Button>
          <Button variant="secondary" onClick={() => setWeekOf(Date.now())}>
            本周
          </Button>
          <Button variant="secondary" onClick={() => setWeekOf(weekOf + 7 * DAY)}>
            下一周
          </Button>
          {loading ? <Loader small>加载中</Loader> : null}
        </Flex>
        {error ? (
          <Alert variant="danger" title="无法加载排班" closeLabel="关闭">
            {error}
          </Alert>
        ) : null}
        {data ? <WeekTable data={data} days={days} /> : null}
      </Layouts.Content>
    </Page.Main>
  );
};

const cell: React.CSSProperties = { border: '1px solid #eaeaef', padding: 6, verticalAlign: 'top', minWidth: 110 };

export { ExpertSchedulePage };
export default ExpertSchedulePage;
