#!/usr/bin/env node
'use strict';
/**
 * Copies Chart.js's UMD build (MIT) from node_modules to public/desk/measures/, where the
 * desk's 考核指标 page loads it with a plain <script> (the desk has no bundler). Run after
 * upgrading chart.js: `node scripts/desk-measures-vendor.js`.
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const from = path.join(root, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js');
const to = path.join(root, 'public', 'desk', 'measures', 'chart.umd.min.js');
fs.copyFileSync(from, to);
console.log(`copied ${path.relative(root, from)} → ${path.relative(root, to)}`);
