// 专家咨询's shared pieces: the label tables, times on the half-hour grid, chips, and the
// consultation record's download row (the case page's card and the expert's 咨询任务 screen).
import { h } from '../lib/ui';
import { downloadButton, saveFile } from '../lib/download';
import type { Experts } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';

export const FIELDS: Record<string, string> = {
  law: '法律',
  psychology: '心理',
  social_work: '社会工作',
  local_worthy: '乡贤',
  industry: '行业',
};
export const URGENCIES: Record<string, string> = { normal: '一般', urgent: '紧急', critical: '特急' };
export const MODES: Record<string, string> = { in_person: '现场', phone: '电话', video: '视频' };
export const LEVELS: Record<string, string> = { county: '县级', city: '市级' };
export const C_STATES: Record<string, string> = { open: '待预约', booked: '已预约', done: '已出具意见', cancelled: '已取消' };
export const B_STATES: Record<string, string> = {
  requested: '待专家确认',
  accepted: '已确认',
  declined: '已婉拒',
  cancelled: '已取消',
  done: '已完成',
};
export const HALF_HOUR = 30 * 60000;

const opts = (o: Record<string, string>) => Object.entries(o);
export const chip = (text: string, cls?: string) => h('span', { class: `chip cx-chip ${cls || ''}` }, text);

export const selectOf = (o: Record<string, string>, value: string) => {
  const el = h(
    'select',
    {},
    opts(o).map(([v, t]) => h('option', { value: v }, t)),
  );
  el.value = value;
  return el;
};

/** Next half hour at or after `ms`. */
export const onGrid = (ms: number) => Math.ceil(ms / HALF_HOUR) * HALF_HOUR;
/** A Shanghai day at hh:00 as epoch ms. */
export function shanghaiAt(ms: number, hour: number) {
  const day = Math.floor((ms + 8 * 3600000) / 86400000) * 86400000 - 8 * 3600000;
  return day + hour * 3600000;
}

export function docRow(
  doc: Experts.ConsultationRecord | null | undefined,
  ctx: Pick<WorkCtx, 'me' | 'say'>,
  label = '专家咨询记录',
  bookingId: string | null = null,
) {
  if (!doc) return null;
  return h(
    'ul',
    { class: 'doc-list' },
    h(
      'li',
      { dataset: { doc: 'consultation-record' } },
      h(
        'div',
        { class: 'doc-info' },
        h('strong', {}, label),
        h(
          'small',
          { class: 'muted' },
          `${doc.version ? `第${doc.version}版` : ''}${doc.verificationCode ? ` · 核验码 ${doc.verificationCode}` : ''}`,
        ),
      ),
      // Experts may not download case documents: the expert who wrote the record gets it through its booking.
      ctx.me.role === 'expert'
        ? bookingId
          ? downloadButton(`下载${label}`, (button) =>
              saveFile(button, `/api/bookings/${encodeURIComponent(bookingId)}/record`, `${label}.pdf`, ctx.say, label),
            )
          : h('small', { class: 'muted cx-doc-note' }, '已归入案卷，由案件调解员下载')
        : downloadButton(`下载${label}`, (button) =>
            saveFile(button, `/api/documents/${encodeURIComponent(doc.documentId)}/download`, `${label}.pdf`, ctx.say, label),
          ),
    ),
  );
}
