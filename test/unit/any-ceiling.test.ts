/**
 * The lint step's `any` ceiling (scripts/any-ceiling.json): the server's count may only fall.
 * A change that adds an `any` fails the step; one that removes some is told to lower the ceiling.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

const { checkCeiling } = require('../../scripts/lint.js') as {
  checkCeiling: (count: number, file?: string) => { over: boolean; message: string | null };
};

const ceilingFile = (server: number) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'any-ceiling-')), 'any-ceiling.json');
  fs.writeFileSync(file, JSON.stringify({ server }));
  return file;
};

test('a change that brings the server over the ceiling fails the lint step, saying why', () => {
  const r = checkCeiling(682, ceilingFile(681));
  expect(r.over).toBe(true);
  expect(r.message).toContain('over the ceiling of 681');
});

test('a change that lowers the count passes and is told to lower the ceiling to the new count', () => {
  const r = checkCeiling(650, ceilingFile(681));
  expect(r.over).toBe(false);
  expect(r.message).toContain('to 650');
});

test('at the ceiling the step passes quietly', () => {
  expect(checkCeiling(681, ceilingFile(681))).toEqual({ over: false, message: null });
});

test('the stored ceiling is a number the lint step can read', () => {
  const stored = JSON.parse(fs.readFileSync(path.join(__dirname, '../../scripts/any-ceiling.json'), 'utf8'));
  expect(Number.isInteger(stored.server)).toBe(true);
});
