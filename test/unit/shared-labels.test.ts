/**
 * One source for labels and rules: the desk and the admin panel show the server's own tables
 * (states, kinds, channels, field types, reporting periods). The desk (desk/src/, TypeScript bundled
 * by scripts/build-desk.js) imports them from the server's modules through desk/src/lib/rules.ts,
 * the admin panel imports the modules.
 * These tests fail when a screen copies a table by hand again, or the bundle stops carrying one.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { CHANNEL_LABELS, FIELD_TYPE_LABELS, STATES } from '@fangtiao/kernel/pure';
import { LEGAL_CHANNELS } from '../../src/case-flow/flow';
import { CREDIT_STATES } from '../../plugins/fangtiao/server/src/credit/rules';
import {
  HEARING_KINDS,
  HEARING_STATES,
  NO_HEARING_STATES,
  OUTCOMES,
  PANEL_CATEGORIES,
  PARTICIPANT_ROLES,
  VOTES,
} from '../../plugins/fangtiao/server/src/hearings/rules';
import { periodChoices, periodOf } from '../../plugins/fangtiao/server/src/measures/periods';
import { TYPE_LABELS } from '../../plugins/fangtiao/admin/src/schema/model';
import { currentKey, periodOptions } from '../../plugins/fangtiao/admin/src/pages/DashboardModel';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildDesk } = require('../../scripts/build-desk');

/** The server's label tables the desk and the admin panel show. */
const TABLES: Record<string, Record<string, string>> = {
  'case-flow STATES': STATES,
  CHANNEL_LABELS,
  LEGAL_CHANNELS,
  FIELD_TYPE_LABELS,
  CREDIT_STATES,
  HEARING_KINDS,
  HEARING_STATES,
  PANEL_CATEGORIES,
  PARTICIPANT_ROLES,
  OUTCOMES,
  VOTES,
};

function files(dir: string, skip: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (skip.test(p)) return [];
    return e.isDirectory() ? files(p, skip) : /\.(js|ts|tsx)$/.test(e.name) ? [p] : [];
  });
}
const deskFiles = () => [
  ...files(path.join(ROOT, 'desk', 'src'), /^$/),
  // What is left of the page in public/desk/ by hand (generated bundles and Chart.js aside).
  ...files(path.join(ROOT, 'public', 'desk'), /[\\/](vendor|chunks|chart\.umd\.min\.js|app\.js|labels\.js|form\.js|measures\.js)$/),
];
const adminFiles = () => files(path.join(ROOT, 'plugins', 'fangtiao', 'admin', 'src'), /^$/);

/** The tables a source file declares again: an object literal giving two or more of a table's codes a string label. */
function copiedTables(source: string): string[] {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const literals = source.match(/\{[^{}]*\}/g) ?? [];
  const copies = (table: Record<string, string>, literal: string) =>
    Object.keys(table).filter((k) => new RegExp(`(^|[\\s{,])(${esc(k)}|'${esc(k)}')\\s*:\\s*'`).test(literal)).length >= 2;
  return Object.entries(TABLES)
    .filter(([, table]) => literals.some((literal) => copies(table, literal)))
    .map(([name]) => name);
}

test('no desk or admin-panel module declares a server label table of its own', () => {
  const copies = [...deskFiles(), ...adminFiles()].flatMap((f) =>
    copiedTables(fs.readFileSync(f, 'utf8')).map((t) => `${path.relative(ROOT, f)}: ${t}`),
  );
  expect(copies).toEqual([]);
});

test('the check above finds a hand-copied table (the desk’s old credit states)', () => {
  expect(copiedTables(`export const STATES = {\n  proposed: '已提请',\n  active: '已生效',\n};`)).toEqual(['CREDIT_STATES']);
});

test('no desk or admin-panel module computes ISO weeks or lists the no-hearing states itself', () => {
  const offenders = [...deskFiles(), ...adminFiles()].filter((f) => {
    const s = fs.readFileSync(f, 'utf8');
    return /function isoWeek|isoWeek\s*=/.test(s) || /\[\s*'registered',\s*'not_accepted',\s*'closed'\s*\]/.test(s);
  });
  expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
});

test('the desk bundle carries the server’s tables and period picker as they are', async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bundle-')), 'form-rules.cjs');
  await buildDesk({ quiet: true, outfile: out, format: 'cjs' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(out);
  expect(bundle.STATES).toEqual(STATES);
  expect(bundle.CHANNEL_LABELS).toEqual(CHANNEL_LABELS);
  expect(bundle.LEGAL_CHANNELS).toEqual(LEGAL_CHANNELS);
  expect(bundle.FIELD_TYPE_LABELS).toEqual(FIELD_TYPE_LABELS);
  expect(bundle.CREDIT_STATES).toEqual(CREDIT_STATES);
  expect(bundle.CREDIT_STATES.active).toBe('生效');
  for (const [name, table] of Object.entries({ HEARING_KINDS, HEARING_STATES, PANEL_CATEGORIES, PARTICIPANT_ROLES, OUTCOMES, VOTES }))
    expect([name, bundle[name]]).toEqual([name, table]);
  expect(bundle.NO_HEARING_STATES).toEqual(NO_HEARING_STATES);
  const at = new Date('2026-12-31T16:30:00Z'); // Friday 1 January 2027 in Shanghai: ISO week 2026-W53
  expect(bundle.periodChoices('week', at, 3)).toEqual(periodChoices('week', at, 3));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});

test('the desk’s modules import the shared tables from the server’s modules (desk/src/lib/rules.ts)', () => {
  const read = (f: string) => fs.readFileSync(path.join(ROOT, 'desk', 'src', f), 'utf8');
  expect(read('routes/credit.ts')).toMatch(/import \{[^}]*\bCREDIT_STATES\b[^}]*\} from '\.\.\/lib\/rules'/);
  expect(read('routes/hearings/labels.ts')).toMatch(/import \{[^}]*\bNO_HEARING_STATES\b[^}]*\} from '\.\.\/\.\.\/lib\/rules'/);
  expect(read('lib/labels.ts')).toMatch(/import \{[^}]*\bCHANNEL_LABELS\b[^}]*\} from '\.\/rules'/);
  expect(read('measures/measures.ts')).toMatch(/import \{[^}]*\bperiodChoices\b[^}]*\} from '\.\.\/lib\/rules'/);
  // rules.ts re-exports the server's own modules, no copy.
  expect(read('lib/rules.ts')).toMatch(
    /export \{[^}]*\bCREDIT_STATES\b[^}]*\} from '\.\.\/\.\.\/\.\.\/plugins\/fangtiao\/server\/src\/credit\/rules'/,
  );
});

test('the admin panel names field types and periods as the server does', () => {
  expect(TYPE_LABELS).toBe(FIELD_TYPE_LABELS);
  const at = new Date('2026-12-31T16:30:00Z');
  for (const kind of ['week', 'month', 'quarter', 'year'] as const) expect(currentKey(kind, at)).toBe(periodOf(kind, at).key);
  expect(periodOptions('month', 2)).toEqual(periodChoices('month', new Date(), 2));
});
