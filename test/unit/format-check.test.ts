/**
 * The lint step's Prettier check (scripts/lint.js checkFormat, issue #18): a file Prettier would
 * change fails the step, named with the command that formats it; a formatted tree passes; a file
 * Prettier cannot parse fails too. Run on a scratch tree with the project's .prettierrc.json.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

const { checkFormat, FORMAT_GLOBS } = require('../../scripts/lint.js') as {
  checkFormat: (opts: { root: string; globs: string[]; write: (text: string) => void }) => boolean;
  FORMAT_GLOBS: string[];
};

const FORMATTED = 'export const greeting = (name: string) => `你好，${name}`;\n';

function scratchTree(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'format-check-'));
  fs.copyFileSync(path.join(__dirname, '../../.prettierrc.json'), path.join(root, '.prettierrc.json'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

function check(root: string) {
  let printed = '';
  const ok = checkFormat({ root, globs: ['src/**/*.ts'], write: (text) => (printed += text) });
  return { ok, printed };
}

test('a file Prettier would change fails the lint step, listed with the command that formats it', () => {
  const root = scratchTree({ 'src/ok.ts': FORMATTED, 'src/messy.ts': 'export const greeting=(name:string)=>"你好，"+name\n' });
  const { ok, printed } = check(root);
  expect(ok).toBe(false);
  expect(printed).toContain('1 files not formatted');
  expect(printed).toContain('npx prettier --write src/messy.ts');
  expect(printed).not.toContain('src/ok.ts');
});

test('a formatted tree passes the check', () => {
  const { ok, printed } = check(scratchTree({ 'src/ok.ts': FORMATTED }));
  expect(ok).toBe(true);
  expect(printed).toContain('clean');
});

test('a file Prettier cannot parse fails the step rather than passing unchecked', () => {
  const { ok, printed } = check(scratchTree({ 'src/ok.ts': FORMATTED, 'src/broken.ts': 'export const = ;\n' }));
  expect(ok).toBe(false);
  expect(printed).toContain('prettier failed');
});

test('the check covers the server, the plugin, the desk, the tests and the benches, not public/', () => {
  for (const dir of ['src/', 'plugins/', 'desk/src/', 'test/', 'bench/', 'scripts/', 'config/']) {
    expect(FORMAT_GLOBS.some((g) => g.startsWith(dir))).toBe(true);
  }
  expect(FORMAT_GLOBS.some((g) => g.startsWith('public/') || g.includes('package-lock'))).toBe(false);
});
