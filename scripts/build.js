#!/usr/bin/env node
/**
 * Compiles src/ to dist/ file by file with esbuild: well under a second, so `npm start` on a fresh
 * clone is ready quickly. Type checking is separate (`npm run typecheck`, run in CI before tests).
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const sourceRoot = path.join(root, 'src');
const outputRoot = path.join(root, 'dist');

function sourcesUnder(directory) {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function build() {
  fs.rmSync(outputRoot, { recursive: true, force: true });
  esbuild.buildSync({
    entryPoints: sourcesUnder(sourceRoot),
    outdir: outputRoot,
    outbase: sourceRoot,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  // Static assets (pages, scripts, styles, corpora) are copied as they are.
  copyAssets(sourceRoot, outputRoot);
  fs.writeFileSync(path.join(outputRoot, '.build-stamp'), new Date().toISOString());
}

function copyAssets(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyAssets(source, target);
    else if (!entry.name.endsWith('.ts')) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}

module.exports = { build };
if (require.main === module) build();
