import * as React from 'react';

import { Alert, Box, Button, Combobox, ComboboxOption, Flex, Loader, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { Link, useSearchParams } from 'react-router-dom';

import type { GetAdminWeek, GetResources, ResourceGroup as Group, ScheduleEvent as Event, ScheduleResource as Resource } from '../../../shared/contracts/schedule';

type Week = GetAdminWeek.Response['data'];
const GROUPS: Group[] = ['人员', '专家', '会议室'];
const DAY = 86_400_000;
const SH = 8 * 3_600_000;
/** Height of half an hour in the grid (px). */
const ROW = 26;
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const TYPE_LABEL = { hearing: '听证会商', consultation: '专家咨询' } as const;
/** Hearings in the primary (indigo) colours, consultations in the success (green) ones. */
const COLOURS = {
  hearing: { background: '#f0f0ff', border: '#4945ff', text: '#271fe0' },
  consultation: { background: '#eafbe7', border: '#328048', text: '#2f6846' },
} as const;
const STATE_FADED = new Set(['held', 'done', 'cancelled', 'declined']);

/** Shanghai wall-clock parts of an instant. */
const sh = (iso: string | number) => new Date(new Date(iso).getTime() + SH);
const hhmm = (iso: string) => sh(iso).toISOString().slice(11, 16);
const md = (ms: number) => `${sh(ms).getUTCMonth() + 1}月${sh(ms).getUTCDate()}日`;
/** Minutes since Shanghai midnight. */
const minuteOfDay = (iso: string | number) => {
  const d = sh(iso);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
};
const minutesOf = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const todayKey = () => sh(Date.now()).toISOString().slice(0, 10);

/** Side-by-side lanes for events of one day that overlap (cancelled ones are off the grid, but be safe). */
function lanes(events: Event[]) {
  const sorted = [...events].sort((a, b) => +new Date(a.start) - +new Date(b.start));
  const ends: number[] = [];
  const placed = sorted.map((e) => {
    const s = +new Date(e.start);
    let lane = ends.findIndex((end) => end <= s);
    if (lane < 0) lane = ends.length;
    ends[lane] = +new Date(e.end);
    return { e, lane };
  });
  return { placed, count: Math.max(1, ends.length) };
}

/**
 * 听证排期 (admin panel page of the 访调 plugin): the week of one person, expert or room in
 * Asia/Shanghai — hearings and expert consultations over office hours, days off shaded. Read
 * from the busy grid, so it shows exactly what holds the time. Read-only: hearings are
 * scheduled from the desk (or the API) and open in the Content Manager.
 */
const HearingSchedulePage = () => {
  const { get } = useFetchClient();
  const [params, setParams] = useSearchParams();
  const [resources, setResources] = React.useState<Resource[]>([]);
  const [group, setGroup] = React.useState<Group>('人员');
  const [data, setData] = React.useState<Week | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);
  const ref = params.get('resource') ?? '';
  const week = params.get('week') ?? '';

  const update = React.useCallback(
    (next: { resource?: string; week?: string }) => {
      const p = new URLSearchParams(params);
      for (const [k, v] of Object.entries(next)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      setParams(p, { replace: true });
    },
    [params, setParams],
  );

  React.useEffect(() => {
    get<GetResources.Response>('/fangtiao/schedule/resources')
      .then((r) => setResources(r.data.data))
      .catch((e: any) => setError(e?.response?.data?.error?.message ?? e?.message ?? '加载失败'));
  }, [get]);

  // The group follows the chosen resource; with none chosen, the first person.
  React.useEffect(() => {
    if (!resources.length) return;
    const chosen = resources.find((r) => r.ref === ref);
    if (chosen) setGroup(chosen.group);
    else update({ resource: resources.find((r) => r.group === group)?.ref ?? resources[0].ref });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resources, ref]);

  React.useEffect(() => {
    if (!ref) return;
    setLoading(true);
    setError(null);
    const at = week ? `&week=${encodeURIComponent(week)}` : '';
    get<GetAdminWeek.Response>(`/fangtiao/schedule/week?resource=${encodeURIComponent(ref)}${at}`)
      .then((r) => setData(r.data.data))
      .catch((e: any) => {
        setData(null);
        setError(e?.response?.data?.error?.message ?? e?.message ?? '加载失败');
      })
      .finally(() => setLoading(false));
  }, [get, ref, week]);

  const start = data ? new Date(data.weekStart).getTime() : 0;
  const shiftWeek = (n: number) => update({ week: sh(start + n * 7 * DAY).toISOString().slice(0, 10) });
  const inGroup = resources.filter((r) => r.group === group);
  const current = resources.find((r) => r.ref === ref);

  // The rows: office hours, widened to whatever the week's events need (experts take consultations outside them).
  let first = 8 * 60;
  let last = 18 * 60;
  if (data) {
    const hours = data.hours.length ? data.hours : [{ start: '08:30', end: '17:30' }];
    first = Math.min(...hours.map((h) => minutesOf(h.start)));
    last = Math.max(...hours.map((h) => minutesOf(h.end)));
    for (const e of data.events) {
      first = Math.min(first, minuteOfDay(e.start));
      const end = minuteOfDay(e.end) || 24 * 60;
      last = Math.max(last, end);
    }
    first = Math.floor(first / 60) * 60;
    last = Math.ceil(last / 60) * 60;
  }
  const height = ((last - first) / 30) * ROW;
  const y = (m: number) => ((m - first) / 30) * ROW;
  const office = (m: number) => (data?.hours ?? []).some((h) => minutesOf(h.start) <= m && m < minutesOf(h.end));
  const counts = { hearing: data?.events.filter((e) => e.type === 'hearing').length ?? 0, consultation: data?.events.filter((e) => e.type === 'consultation').length ?? 0 };

  return (
    <Page.Main>
      <Page.Title>听证排期</Page.Title>
      <Layouts.Header
        title="听证排期"
        subtitle={data ? `${data.resource.name} · ${md(start)}—${md(start + 6 * DAY)}（北京时间）` : '人员、专家和会议室的周日程：听证会商与专家咨询'}
      />
      <Layouts.Content>
        <Flex gap={3} paddingBottom={4} wrap="wrap" alignItems="flex-end">
          <Box minWidth="160px">
            <SingleSelect
              aria-label="类别"
              value={group}
              onChange={(v: string | number) => {
                const g = String(v) as Group;
                setGroup(g);
                const firstOf = resources.find((r) => r.group === g);
                if (firstOf) update({ resource: firstOf.ref });
              }}
            >
              {GROUPS.map((g) => (
                <SingleSelectOption key={g} value={g}>
                  {`${g}（${resources.filter((r) => r.group === g).length}）`}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="340px">
            <Combobox
              aria-label="日程对象"
              placeholder={`搜索${group}`}
              value={current?.group === group ? ref : undefined}
              onChange={(v?: string) => v && update({ resource: v })}
              autocomplete={{ type: 'list', filter: 'contains' }}
              noOptionsMessage={() => '没有匹配的对象'}
            >
              {inGroup.map((r) => (
                <ComboboxOption key={r.ref} value={r.ref}>
                  {r.label}
                </ComboboxOption>
              ))}
            </Combobox>
          </Box>
          <Button variant="secondary" onClick={() => shiftWeek(-1)} disabled={!data}>
            上一周
          </Button>
          <Button variant="secondary" onClick={() => update({ week: '' })}>
            本周
          </Button>
          <Button variant="secondary" onClick={() => shiftWeek(1)} disabled={!data}>
            下一周
          </Button>
          {loading ? <Loader small>加载中</Loader> : null}
        </Flex>
        {error ? (
          <Box paddingBottom={4}>
            <Alert variant="danger" title="无法加载日程" closeLabel="关闭" onClose={() => setError(null)}>
              {error}
            </Alert>
          </Box>
        ) : null}
        {!resources.length && !error ? <Typography textColor="neutral600">还没有可排期的人员、专家或会议室。</Typography> : null}
        {data ? (
          <Box background="neutral0" padding={4} shadow="tableShadow" hasRadius>
            <Flex gap={4} paddingBottom={3} wrap="wrap">
              {(['hearing', 'consultation'] as const).map((t) => (
                <Flex key={t} gap={2}>
                  <span style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 3, background: COLOURS[t].background, border: `1px solid ${COLOURS[t].border}`, borderLeftWidth: 4 }} />
                  <Typography variant="pi">{`${TYPE_LABEL[t]}（${counts[t]}）`}</Typography>
                </Flex>
              ))}
              <Flex gap={2}>
                <span style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 3, background: OFF_DAY, border: '1px solid #dcdce4' }} />
                <Typography variant="pi">休息日（周末、节假日）</Typography>
              </Flex>
              <Flex gap={2}>
                <span style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 3, background: OFF_HOURS, border: '1px solid #dcdce4' }} />
                <Typography variant="pi">非办公时间</Typography>
              </Flex>
            </Flex>
            <div style={{ overflowX: 'auto', paddingBottom: 12 }}>
              <div data-testid="week-grid" style={{ display: 'grid', gridTemplateColumns: '56px repeat(7, minmax(132px, 1fr))', minWidth: 56 + 7 * 132 }}>
                {/* Header row */}
                <div style={headCell} />
                {data.days.map((d, i) => {
                  const dayMs = start + i * DAY;
                  const weekend = i >= 5;
                  const note = !d.working ? (weekend ? '休息' : '节假日') : weekend ? '调休上班' : '';
                  const today = d.date === todayKey();
                  return (
                    <div key={d.date} data-testid="day-head" style={{ ...headCell, background: !d.working ? OFF_DAY : today ? '#f0f0ff' : '#fff', borderTop: today ? '3px solid #4945ff' : headCell.borderTop }}>
                      <Typography fontWeight="bold" textColor={d.working ? 'neutral800' : 'neutral500'}>
                        {WEEKDAYS[i]} {md(dayMs)}
                      </Typography>
                      {note || today ? (
                        <div>
                          <Typography variant="pi" textColor={d.working ? (weekend ? 'warning600' : 'primary600') : 'neutral500'}>
                            {[today ? '今天' : '', note].filter(Boolean).join(' · ')}
                          </Typography>
                        </div>
                      ) : null}
                    </div>
                  );
                })}
                {/* Time axis */}
                <div style={{ position: 'relative', height, borderRight: BORDER }}>
                  {Array.from({ length: (last - first) / 60 + 1 }, (_, k) => first + k * 60).map((m) => (
                    <div key={m} style={{ position: 'absolute', top: Math.max(0, y(m) - 7), right: 6 }}>
                      <Typography variant="pi" textColor="neutral600">
                        {clock(m)}
                      </Typography>
                    </div>
                  ))}
                </div>
                {/* Day columns */}
                {data.days.map((d, i) => {
                  const dayMs = start + i * DAY;
                  const own = data.events.filter((e) => +new Date(e.start) >= dayMs && +new Date(e.start) < dayMs + DAY);
                  const { placed, count } = lanes(own);
                  return (
                    <div key={d.date} data-testid="day-column" data-date={d.date} data-working={d.working} style={{ position: 'relative', height, borderRight: BORDER, background: d.working ? '#fff' : OFF_DAY }}>
                      {Array.from({ length: (last - first) / 30 }, (_, k) => first + k * 30).map((m) => (
                        <div
                          key={m}
                          style={{
                            position: 'absolute', left: 0, right: 0, top: y(m), height: ROW,
                            borderTop: m % 60 ? '1px dashed #f0f0f5' : '1px solid #eaeaef',
                            background: d.working && !office(m) ? OFF_HOURS : undefined,
                          }}
                        />
                      ))}
                      {placed.map(({ e, lane }) => {
                        const top = y(minuteOfDay(e.start));
                        const h = Math.max(ROW, y(minuteOfDay(e.end) || 24 * 60) - top);
                        const c = COLOURS[e.type];
                        const faded = STATE_FADED.has(e.state);
                        const to = e.type === 'hearing'
                          ? `/content-manager/collection-types/plugin::fangtiao.hearing/${e.documentId}`
                          : `/content-manager/collection-types/plugin::fangtiao.consultation/${e.documentId}`;
                        const tip = [e.title, `${e.label} · ${hhmm(e.start)}–${hhmm(e.end)}`, e.place ? `地点：${e.place}` : '', e.caseReference ? `案件：${e.caseReference}` : '', `状态：${e.stateLabel ?? e.state}`].filter(Boolean).join('\n');
                        return (
                          <Link
                            key={`${e.type}-${e.documentId}-${e.start}`}
                            to={to}
                            title={tip}
                            data-testid="event"
                            data-type={e.type}
                            style={{
                              position: 'absolute', top: top + 1, height: h - 2,
                              left: `calc(${(lane / count) * 100}% + 3px)`, width: `calc(${100 / count}% - 6px)`,
                              background: c.background, border: `1px solid ${c.border}`, borderLeftWidth: 4, borderRadius: 4,
                              padding: '2px 5px', overflow: 'hidden', textDecoration: 'none', color: c.text, opacity: faded ? 0.6 : 1,
                              boxSizing: 'border-box', fontSize: 12, lineHeight: '16px', zIndex: 1,
                            }}
                          >
                            <div style={{ fontWeight: 600, overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: h >= 3 * ROW ? 2 : 1, WebkitBoxOrient: 'vertical', wordBreak: 'break-all' }}>{e.title}</div>
                            <div style={{ whiteSpace: 'nowrap' }}>
                              {hhmm(e.start)}–{hhmm(e.end)}
                              <span style={{ marginLeft: 4, padding: '0 4px', borderRadius: 3, background: '#fff', border: `1px solid ${c.border}`, fontSize: 11 }}>{e.stateLabel ?? e.state}</span>
                            </div>
                            {e.place ? <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{e.place}</div> : null}
                            {e.caseReference && !e.title.includes(e.caseReference) ? <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', opacity: 0.8 }}>{e.caseReference}</div> : null}
                          </Link>
                        );
                      })}
                    </div>
                  );
                })}
              </div>
            </div>
            {!data.events.length ? (
              <Box paddingTop={3}>
                <Typography textColor="neutral600">本周没有听证会商或专家咨询安排。</Typography>
              </Box>
            ) : null}
          </Box>
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
};

const BORDER = '1px solid #eaeaef';
const OFF_DAY = '#ececf1';
const OFF_HOURS = '#f6f6f9';
const headCell: React.CSSProperties = { padding: '6px 8px', borderBottom: BORDER, borderRight: BORDER, borderTop: '3px solid transparent' };

export { HearingSchedulePage };
export default HearingSchedulePage;
