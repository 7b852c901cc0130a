// A case move made with a hearing's minutes (e.g. 办结 after a 听证): the moves the caller may
// make on the case, the chosen move's fields, and what saving says.
import * as api from '../../lib/api';
import { h } from '../../lib/ui';
import type { Hearings } from '@fangtiao/contracts';
import type { FieldBox } from '../../lib/ui';
import type { List, MoveOption } from '../../lib/types';
import { fieldBox, selectOf } from './labels';

/** The case move made with the minutes: its picker and its fields (`state.moves`, `state.mfs` change as they load and are picked). */
/** A field of the move, as casePicker() builds it. */
export type MoveFieldBox = FieldBox & { key: string; required: boolean; label: string };

export function casePicker(x: Hearings.HearingView, conclusion: FieldBox) {
  const moveSelect = selectOf([], { placeholder: '（不变更案件状态）' });
  const move = fieldBox('同时办理案件', moveSelect, { wide: true, help: '如依结论办结案件；案件流程不允许的办理不会记录' });
  const moveFields = h('div', { class: 'grid hg-move-fields field-wide' });
  const state: { moveSelect: HTMLSelectElement; move: FieldBox; moveFields: HTMLElement; moves: MoveOption[]; mfs: MoveFieldBox[] } = {
    moveSelect,
    move,
    moveFields,
    moves: [],
    mfs: [],
  };
  if (x.petition) {
    moveSelect.disabled = true;
    api.get<List<MoveOption>>(`petitions/${encodeURIComponent(x.petition.documentId)}/moves`).then(
      (r) => {
        state.moves = (r.data || []).filter((m) => (m.fields || []).every((f) => f.kind !== 'ref'));
        moveSelect.replaceChildren(
          h('option', { value: '' }, '（不变更案件状态）'),
          ...state.moves.map((m) => h('option', { value: m.action }, m.label)),
        );
        moveSelect.disabled = false;
      },
      () => {
        moveSelect.replaceChildren(h('option', { value: '' }, '（无法读取可办理的事项）'));
      },
    );
  } else move.wrap.hidden = true;
  moveSelect.addEventListener('change', () => {
    const m = state.moves.find((x2) => x2.action === moveSelect.value);
    state.mfs = (m ? m.fields || [] : []).map((f) => {
      const control =
        f.kind === 'choice' ? selectOf(Object.entries(f.options || {}), { placeholder: '请选择' }) : h('textarea', { rows: 2 });
      if (f.kind !== 'choice' && !control.value) control.value = conclusion.control.value.trim();
      const box = fieldBox(f.label, control, { required: !!f.required, wide: f.kind !== 'choice' }) as MoveFieldBox;
      box.key = f.key;
      box.required = !!f.required;
      box.label = f.label;
      return box;
    });
    moveFields.replaceChildren(...state.mfs.map((f) => f.wrap));
  });
  return state;
}

/** The case move's inputs from its fields; the first required one left empty is marked and returned. */
export function moveInput(mfs: MoveFieldBox[]) {
  const input: Record<string, string> = {};
  let missing: MoveFieldBox | null = null;
  for (const f of mfs) {
    f.setError('');
    const v = f.control.value.trim();
    if (v) input[f.key] = v;
    else if (f.required) {
      f.setError(`请填写${f.label}`);
      missing = missing || f;
    }
  }
  return { input, missing };
}

/** What saving the minutes says: with the case move made, if any. */
export const moveDone = (moves: MoveOption[], move: { action: string } | undefined) =>
  move ? `已保存笔录，案件已${moves.find((m) => m.action === move.action)?.label || '办理'}` : '已保存笔录和结论';
