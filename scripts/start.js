#!/usr/bin/env node
/**
 * `npm start` / `npm run worker`: compile when the build is missing or older than the sources,
 * then run the compiled entry point in this process (so signals reach it directly).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = process.argv[2] === 'worker' ? 'worker' : 'main';
const compiled = path.join(root, 'dist', `${entry}.js`);
const buildInfo = path.join(root, 'dist', '.tsbuildinfo');

function newestSourceMtime(directory) {
  let newest = 0;
  for (const item of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isBuildStale() {
  if (!fs.existsSync(compiled) || !fs.existsSync(buildInfo)) return true;
  return newestSourceMtime(path.join(root, 'src')) > fs.statSync(buildInfo).mtimeMs;
}

if (isBuildStale()) {
  console.log('Compiling TypeScript (first start or sources changed)...');
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

process.chdir(root);
require(compiled);
