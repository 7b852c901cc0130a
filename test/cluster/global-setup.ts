import { execFileSync } from 'child_process';
import path from 'path';

/** The instances run the compiled app (dist/), so compile it first; the cluster needs PostgreSQL. */
export default async function globalSetup() {
  if (process.env.DATABASE_CLIENT !== 'postgres') {
    throw new Error('npm run test:cluster runs on PostgreSQL only: set DATABASE_CLIENT=postgres (and DATABASE_HOST/PORT)');
  }
  const root = path.join(__dirname, '..', '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
}
