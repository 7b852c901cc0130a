import * as React from 'react';

import {
  Alert,
  Box,
  Button,
  Combobox,
  ComboboxOption,
  Flex,
  Loader,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';

import { DAY, md, sh, WeekGrid, type Week } from './HearingWeekGrid';
import type { GetAdminWeek, GetResources, ResourceGroup as Group, ScheduleResource as Resource } from '../../../shared/contracts/schedule';

const GROUPS: Group[] = ['人员', '专家', '会议室'];

/** The chosen resource and week, kept in the URL (`resource`, `week`), and `update` to change them. */
function useScheduleParams() {
  const [params, setParams] = useSearchParams();
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
  return { ref: params.get('resource') ?? '', week: params.get('week') ?? '', update };
}

/** The resources to choose from, the group shown, and the chosen resource's week. */
function useScheduleWeek() {
  const { get } = useFetchClient();
  const { ref, week, update } = useScheduleParams();
  const [resources, setResources] = React.useState<Resource[]>([]);
  const [group, setGroup] = React.useState<Group>('人员');
  const [data, setData] = React.useState<Week | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);

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

  return { ref, update, resources, group, setGroup, data, error, setError, loading };
}

type Schedule = ReturnType<typeof useScheduleWeek>;

/** The group, the resource within it (searchable), and the week. */
function ScheduleFilters({ s }: { s: Schedule }) {
  const { ref, update, resources, group, setGroup, data, loading } = s;
  const start = data ? new Date(data.weekStart).getTime() : 0;
  const shiftWeek = (n: number) =>
    update({
      week: sh(start + n * 7 * DAY)
        .toISOString()
        .slice(0, 10),
    });
  const current = resources.find((r) => r.ref === ref);
  const onGroup = (v: string | number) => {
    const g = String(v) as Group;
    setGroup(g);
    const firstOf = resources.find((r) => r.group === g);
    if (firstOf) update({ resource: firstOf.ref });
  };
  return (
    <Flex gap={3} paddingBottom={4} wrap="wrap" alignItems="flex-end">
      <Box minWidth="160px">
        <SingleSelect aria-label="类别" value={group} onChange={onGroup}>
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
          {resources
            .filter((r) => r.group === group)
            .map((r) => (
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
  );
}

/**
 * 听证排期 (admin panel page of the 访调 plugin): the week of one person, expert or room in
 * Asia/Shanghai — hearings and expert consultations over office hours, days off shaded. Read
 * from the busy grid, so it shows exactly what holds the time. Read-only: hearings are
 * scheduled from the desk (or the API) and open in the Content Manager.
 */
const HearingSchedulePage = () => {
  const s = useScheduleWeek();
  const { data, error, setError, resources } = s;
  const start = data ? new Date(data.weekStart).getTime() : 0;

  return (
    <Page.Main>
      <Page.Title>听证排期</Page.Title>
      <Layouts.Header
        title="听证排期"
        subtitle={
          data
            ? `${data.resource.name} · ${md(start)}—${md(start + 6 * DAY)}（北京时间）`
            : '人员、专家和会议室的周日程：听证会商与专家咨询'
        }
      />
      <Layouts.Content>
        <ScheduleFilters s={s} />
        {error ? (
          <Box paddingBottom={4}>
            <Alert variant="danger" title="无法加载日程" closeLabel="关闭" onClose={() => setError(null)}>
              {error}
            </Alert>
          </Box>
        ) : null}
        {!resources.length && !error ? <Typography textColor="neutral600">还没有可排期的人员、专家或会议室。</Typography> : null}
        {data ? <WeekGrid data={data} /> : null}
      </Layouts.Content>
    </Page.Main>
  );
};

export { HearingSchedulePage };
export default HearingSchedulePage;
