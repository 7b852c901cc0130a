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
  process.stdout.write(`\n[setup] compiled TypeScript in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
