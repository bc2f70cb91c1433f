#!/usr/bin/env node
/**
 * `npm start` / `npm run worker`: compile when the build is missing or older than the sources,
 * then run the compiled entry point in this process (so signals reach it directly).
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = process.argv[2] === 'worker' ? 'worker' : 'main';
const compiled = path.join(root, 'dist', `${entry}.js`);
const stamp = path.join(root, 'dist', '.build-stamp');

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
  if (!fs.existsSync(compiled) || !fs.existsSync(stamp)) return true;
  return newestSourceMtime(path.join(root, 'src')) > fs.statSync(stamp).mtimeMs;
}

if (isBuildStale()) require('./build').build();

process.chdir(root);
require(compiled);
