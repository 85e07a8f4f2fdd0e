#!/usr/bin/env node
/**
 * `npm run web:budget`: the gzipped size of every JavaScript chunk of the built app (dist/web), and the
 * budget for the public pages: the JavaScript a visitor's first page loads (index.html's entry and every
 * chunk it imports statically) must stay at or below 150 kB gzipped. The starter's, stopper's and other
 * signed-in parts are lazy chunks and are listed, not counted. Exits 1 over budget or without a build.
 */
'use strict';

const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');

const BUDGET_KB = 150;
const dist = join(__dirname, '..', process.env.WEB_DIST_DIR || 'dist/web');
if (!existsSync(join(dist, 'index.html'))) {
  process.stderr.write(`web budget: no build in ${dist} (run npm run build)\n`);
  process.exit(1);
}

const assets = join(dist, 'assets');
const gz = (file) => gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);

// The public entry and what it imports statically (`import ... from "./x.js"`), transitively.
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
const initial = new Set();
const visit = (file) => {
  if (initial.has(file)) return;
  initial.add(file);
  const code = readFileSync(join(assets, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\s])import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(m[1]);
};
entries.forEach(visit);

const rows = readdirSync(assets)
  .filter((f) => f.endsWith('.js'))
  .map((f) => ({ file: f, gzip: gz(f), initial: initial.has(f) }))
  .sort((a, b) => b.gzip - a.gzip);
for (const r of rows) {
  process.stdout.write(`${r.initial ? 'public' : 'lazy  '}  ${kb(r.gzip).padStart(7)} kB gz  ${r.file}\n`);
}
const total = rows.filter((r) => r.initial).reduce((s, r) => s + r.gzip, 0);
process.stdout.write(`public pages' JavaScript: ${kb(total)} kB gzipped (budget ${BUDGET_KB} kB)\n`);
if (total > BUDGET_KB * 1024) {
  process.stderr.write(`over budget by ${kb(total - BUDGET_KB * 1024)} kB\n`);
  process.exit(1);
}
