'use strict';
/**
 * `npm run bench -- cluster`: 3 instances on one PostgreSQL behind nginx, 100,000 petitions,
 * a mixed autocannon load during which one instance is killed (`kill -9`) and restarted; see
 * bench/lib/cluster.js. Needs PostgreSQL (DATABASE_HOST/PORT/USERNAME/PASSWORD, role with
 * CREATEDB) and Debian's nginx on the PATH. BENCH_INSTANCES, BENCH_ROWS, BENCH_SECONDS,
 * BENCH_CONNECTIONS change the size.
 */
const cluster = require('./lib/cluster');

async function run({ root, log }) {
  const { metrics, evidence } = await cluster.run({
    root,
    log,
    instances: Number(process.env.BENCH_INSTANCES) || 3,
    rows: Number(process.env.BENCH_ROWS) || 100_000,
    seconds: Number(process.env.BENCH_SECONDS) || 40,
    connections: Number(process.env.BENCH_CONNECTIONS) || 16,
  });
  if (evidence.failed.length || evidence.consistency.length) log('evidence', JSON.stringify(evidence, null, 1).slice(0, 4000));
  return { metrics, rows: cluster.rowsOf(metrics) };
}

module.exports = { run };
