import fs from 'fs';
import path from 'path';

/** The plugin reaches the app's kernel by its name, `@fangtiao/kernel`, never by a path into src/. */
const ROOT = path.join(__dirname, '..', '..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|tsx|js)$/.test(e.name) ? [p] : [];
  });
}

test('no plugin server module imports the app’s src/ by relative path', () => {
  const offenders = files(path.join(ROOT, 'plugins/fangtiao/server/src')).filter((f) => /from '(\.\.\/)+src\//.test(fs.readFileSync(f, 'utf8')));
  expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
});

test('the plugin’s pure rules take only the kernel’s pure entry (no Strapi behind them)', () => {
  const rules = files(path.join(ROOT, 'plugins/fangtiao/server/src')).filter((f) => !f.includes(`${path.sep}strapi${path.sep}`));
  // A type-only import of Strapi's types is no dependency at run time.
  const offenders = rules.filter((f) => /^import (?!type )[^;]*from '(@fangtiao\/kernel|@strapi\/[^']+)'/m.test(fs.readFileSync(f, 'utf8')));
  expect(offenders.map((f) => path.relative(ROOT, f)).filter((f) => !/server\/src\/(index|constants|settings-guard|json|pagination|admin-actions)\.ts$/.test(f))).toEqual([]);
});
