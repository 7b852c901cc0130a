import { execFileSync } from 'child_process';
import path from 'path';

/** Compile the app (and the local plugin, which the same tsconfig covers) once for every worker. */
export default async function globalSetup() {
  const root = path.join(__dirname, '..', '..');
  const started = Date.now();
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  // The desk page checks forms with the server's own rules, bundled for the browser.
  await require(path.join(root, 'scripts', 'build-desk.js')).buildDesk({ quiet: true });
  process.stdout.write(`\n[setup] compiled TypeScript and the desk's form rules in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
