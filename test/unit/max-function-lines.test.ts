/**
 * The size rule CI holds src/ and the plugin to (scripts/eslint-rules/max-function-lines.cjs):
 * a long function fails, a service factory whose methods are each short passes, and a long
 * method inside a factory still fails.
 */
import { Linter } from 'eslint';

const rule = require('../../scripts/eslint-rules/max-function-lines.cjs');

const lines = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
const lint = (code: string, options: Record<string, unknown> = { max: 10 }) => {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(code, [
    {
      languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
      plugins: { local: { rules: { 'max-function-lines': rule } } },
      rules: { 'local/max-function-lines': ['error', options] },
    },
  ]);
};

test('a function over the limit is an error naming it and its length', () => {
  const messages = lint(`function long() {\n${lines(12)}\n}`);
  expect(messages.map((m) => m.message)).toEqual([
    "Function 'long' has too many lines (14). Maximum allowed is 10: split it by what it does.",
  ]);
});

test('a factory of short methods passes, its methods and their doc comments not counted in it', () => {
  const method = (name: string) => `  /** ${name}. */\n  ${name}() {\n${lines(5)}\n  },\n`;
  const code = `export default ({ strapi }) => ({\n${['a', 'b', 'c', 'd'].map(method).join('\n')}});`;
  expect(lint(code)).toEqual([]);
});

test('a long method inside a factory still fails', () => {
  expect(lint(`export default () => ({\n  long() {\n${lines(12)}\n  },\n});`).map((m) => m.message)).toEqual([
    "Function 'long' has too many lines (14). Maximum allowed is 10: split it by what it does.",
  ]);
});

test('a function named in `allow` (a table of data) passes', () => {
  expect(lint(`function table() {\n${lines(12)}\n}`, { max: 10, allow: ['table'] })).toEqual([]);
});
