/** The week grid of the 听证排期 page: days as columns, half hours as rows, events placed in side-by-side lanes. */
import * as React from 'react';

import { Box, Flex, Typography } from '@strapi/design-system';
import { Link } from 'react-router-dom';

import type { GetAdminWeek, ScheduleEvent as Event } from '../../../shared/contracts/schedule';

export type Week = GetAdminWeek.Response['data'];
export const DAY = 86_400_000;
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
const BORDER = '1px solid #eaeaef';
const OFF_DAY = '#ececf1';
const OFF_HOURS = '#f6f6f9';
const headCell: React.CSSProperties = { padding: '6px 8px', borderBottom: BORDER, borderRight: BORDER, borderTop: '3px solid transparent' };

/** Shanghai wall-clock parts of an instant. */
export const sh = (iso: string | number) => new Date(new Date(iso).getTime() + SH);
const hhmm = (iso: string) => sh(iso).toISOString().slice(11, 16);
export const md = (ms: number) => `${sh(ms).getUTCMonth() + 1}月${sh(ms).getUTCDate()}日`;
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

/** The grid's vertical scale: office hours, widened to whatever the week's events need (experts take consultations outside them). */
function scaleOf(data: Week) {
  const hours = data.hours.length ? data.hours : [{ start: '08:30', end: '17:30' }];
  let first = Math.min(...hours.map((h) => minutesOf(h.start)));
  let last = Math.max(...hours.map((h) => minutesOf(h.end)));
  for (const e of data.events) {
    first = Math.min(first, minuteOfDay(e.start));
    const end = minuteOfDay(e.end) || 24 * 60;
    last = Math.max(last, end);
  }
  first = Math.floor(first / 60) * 60;
  last = Math.ceil(last / 60) * 60;
  return {
    first,
    last,
    height: ((last - first) / 30) * ROW,
    y: (m: number) => ((m - first) / 30) * ROW,
    office: (m: number) => data.hours.some((h) => minutesOf(h.start) <= m && m < minutesOf(h.end)),
  };
}
type Scale = ReturnType<typeof scaleOf>;

const swatch = (background: string, border: string, borderLeftWidth?: number): React.CSSProperties => ({
  display: 'inline-block',
  width: 14,
  height: 14,
  borderRadius: 3,
  background,
  border,
  borderLeftWidth,
});

/** What the colours mean, with the week's count of each kind of event. */
function GridLegend({ events }: { events: Event[] }) {
  const counts = {
    hearing: events.filter((e) => e.type === 'hearing').length,
    consultation: events.filter((e) => e.type === 'consultation').length,
  };
  return (
    <Flex gap={4} paddingBottom={3} wrap="wrap">
      {(['hearing', 'consultation'] as const).map((t) => (
        <Flex key={t} gap={2}>
          <span style={swatch(COLOURS[t].background, `1px solid ${COLOURS[t].border}`, 4)} />
          <Typography variant="pi">{`${TYPE_LABEL[t]}（${counts[t]}）`}</Typography>
        </Flex>
      ))}
      <Flex gap={2}>
        <span style={swatch(OFF_DAY, '1px solid #dcdce4')} />
        <Typography variant="pi">休息日（周末、节假日）</Typography>
      </Flex>
      <Flex gap={2}>
        <span style={swatch(OFF_HOURS, '1px solid #dcdce4')} />
        <Typography variant="pi">非办公时间</Typography>
      </Flex>
    </Flex>
  );
}

/** A day's heading: weekday and date, today marked, days off and working weekends noted. */
function DayHead({ day: d, index: i, dayMs }: { day: Week['days'][number]; index: number; dayMs: number }) {
  const weekend = i >= 5;
  const note = !d.working ? (weekend ? '休息' : '节假日') : weekend ? '调休上班' : '';
  const today = d.date === todayKey();
  return (
    <div
      data-testid="day-head"
      style={{
        ...headCell,
        background: !d.working ? OFF_DAY : today ? '#f0f0ff' : '#fff',
        borderTop: today ? '3px solid #4945ff' : headCell.borderTop,
      }}
    >
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
}

/** One event as a block in its lane, linking to its entry in the Content Manager. */
function EventBlock({ e, lane, count, scale: { y } }: { e: Event; lane: number; count: number; scale: Scale }) {
  const top = y(minuteOfDay(e.start));
  const h = Math.max(ROW, y(minuteOfDay(e.end) || 24 * 60) - top);
  const c = COLOURS[e.type];
  const faded = STATE_FADED.has(e.state);
  const to =
    e.type === 'hearing'
      ? `/content-manager/collection-types/plugin::fangtiao.hearing/${e.documentId}`
      : `/content-manager/collection-types/plugin::fangtiao.consultation/${e.documentId}`;
  const tip = [
    e.title,
    `${e.label} · ${hhmm(e.start)}–${hhmm(e.end)}`,
    e.place ? `地点：${e.place}` : '',
    e.caseReference ? `案件：${e.caseReference}` : '',
    `状态：${e.stateLabel ?? e.state}`,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <Link
      to={to}
      title={tip}
      data-testid="event"
      data-type={e.type}
      style={{
        position: 'absolute',
        top: top + 1,
        height: h - 2,
        left: `calc(${(lane / count) * 100}% + 3px)`,
        width: `calc(${100 / count}% - 6px)`,
        background: c.background,
        border: `1px solid ${c.border}`,
        borderLeftWidth: 4,
        borderRadius: 4,
        padding: '2px 5px',
        overflow: 'hidden',
        textDecoration: 'none',
        color: c.text,
        opacity: faded ? 0.6 : 1,
        boxSizing: 'border-box',
        fontSize: 12,
        lineHeight: '16px',
        zIndex: 1,
      }}
    >
      <div
        style={{
          fontWeight: 600,
          overflow: 'hidden',
          display: '-webkit-box',
          WebkitLineClamp: h >= 3 * ROW ? 2 : 1,
          WebkitBoxOrient: 'vertical',
          wordBreak: 'break-all',
        }}
      >
        {e.title}
      </div>
      <div style={{ whiteSpace: 'nowrap' }}>
        {hhmm(e.start)}–{hhmm(e.end)}
        <span
          style={{ marginLeft: 4, padding: '0 4px', borderRadius: 3, background: '#fff', border: `1px solid ${c.border}`, fontSize: 11 }}
        >
          {e.stateLabel ?? e.state}
        </span>
      </div>
      {e.place ? <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{e.place}</div> : null}
      {e.caseReference && !e.title.includes(e.caseReference) ? (
        <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', opacity: 0.8 }}>{e.caseReference}</div>
      ) : null}
    </Link>
  );
}

/** One day's column: half-hour rules, off hours shaded, and the events that start that day. */
function DayColumn({ day: d, dayMs, events, scale }: { day: Week['days'][number]; dayMs: number; events: Event[]; scale: Scale }) {
  const { first, last, height, y, office } = scale;
  const own = events.filter((e) => +new Date(e.start) >= dayMs && +new Date(e.start) < dayMs + DAY);
  const { placed, count } = lanes(own);
  return (
    <div
      data-testid="day-column"
      data-date={d.date}
      data-working={d.working}
      style={{ position: 'relative', height, borderRight: BORDER, background: d.working ? '#fff' : OFF_DAY }}
    >
      {Array.from({ length: (last - first) / 30 }, (_, k) => first + k * 30).map((m) => (
        <div
          key={m}
          style={{
            position: 'absolute',
            left: 0,
            right: 0,
            top: y(m),
            height: ROW,
            borderTop: m % 60 ? '1px dashed #f0f0f5' : '1px solid #eaeaef',
            background: d.working && !office(m) ? OFF_HOURS : undefined,
          }}
        />
      ))}
      {placed.map(({ e, lane }) => (
        <EventBlock key={`${e.type}-${e.documentId}-${e.start}`} e={e} lane={lane} count={count} scale={scale} />
      ))}
    </div>
  );
}

/** The hour labels down the left of the grid. */
function TimeAxis({ scale: { first, last, height, y } }: { scale: Scale }) {
  return (
    <div style={{ position: 'relative', height, borderRight: BORDER }}>
      {Array.from({ length: (last - first) / 60 + 1 }, (_, k) => first + k * 60).map((m) => (
        <div key={m} style={{ position: 'absolute', top: Math.max(0, y(m) - 7), right: 6 }}>
          <Typography variant="pi" textColor="neutral600">
            {clock(m)}
          </Typography>
        </div>
      ))}
    </div>
  );
}

/** The week of one resource: legend, day headings, time axis and day columns. */
export function WeekGrid({ data }: { data: Week }) {
  const start = new Date(data.weekStart).getTime();
  const scale = scaleOf(data);
  return (
    <Box background="neutral0" padding={4} shadow="tableShadow" hasRadius>
      <GridLegend events={data.events} />
      <div style={{ overflowX: 'auto', paddingBottom: 12 }}>
        <div
          data-testid="week-grid"
          style={{ display: 'grid', gridTemplateColumns: '56px repeat(7, minmax(132px, 1fr))', minWidth: 56 + 7 * 132 }}
        >
          <div style={headCell} />
          {data.days.map((d, i) => (
            <DayHead key={d.date} day={d} index={i} dayMs={start + i * DAY} />
          ))}
          <TimeAxis scale={scale} />
          {data.days.map((d, i) => (
            <DayColumn key={d.date} day={d} dayMs={start + i * DAY} events={data.events} scale={scale} />
          ))}
        </div>
      </div>
      {!data.events.length ? (
        <Box paddingTop={3}>
          <Typography textColor="neutral600">本周没有听证会商或专家咨询安排。</Typography>
        </Box>
      ) : null}
    </Box>
  );
}
