// The public announcements of upcoming public hearings (GET /api/hearing-announcements, no login).
// The server already masks petitioners (surname + 某) and gives no ID number or phone.
const list = document.getElementById('list');
const pad = (n) => String(n).padStart(2, '0');
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
/** 2026年12月1日（周二）08:30 in Asia/Shanghai, whatever the reader's timezone. */
function when(iso) {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（周${WEEKDAYS[d.getUTCDay()]}）${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function row(dl, label, value) {
  if (!value) return;
  dl.append(el('dt', '', label), el('dd', '', value));
}

async function load() {
  try {
    const res = await fetch('/api/hearing-announcements', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const items = (await res.json()).data || [];
    list.replaceChildren();
    if (!items.length) return list.append(el('p', 'muted', '近期没有公开举行的听证。'));
    for (const a of items) {
      const card = el('article', 'card');
      card.dataset.id = a.id;
      card.append(el('span', 'kind', a.kind), el('h2', '', a.title));
      const dl = el('dl');
      row(dl, '时间', `${when(a.start)} 至 ${when(a.end).slice(-5)}`);
      row(dl, '地点', a.place);
      row(dl, '组织单位', a.organiser);
      row(dl, '信访人', (a.petitioners || []).join('、'));
      const panel = Object.entries(a.panel || {}).map(([k, n]) => `${k}${n}名`).join('、');
      row(dl, '评议团', panel);
      card.append(dl, el('p', 'observe', a.observe));
      list.append(card);
    }
  } catch (err) {
    list.replaceChildren(el('p', 'error', `公告暂时无法载入（${err.message}），请稍后刷新。`));
  }
}
load();
