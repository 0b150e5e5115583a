// Browsers: the packed package installed into a fresh project and built the way front-end
// projects do — Vite (dev server and build), webpack 5, esbuild, and plain ESM with an import
// map — each page verifying notifies in real headless Chromium (Debian's, by playwright-core).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve as serveStatic } from '../../scripts/serve.mjs';
import { freshProject, bin, serve, freePort, readmeBlocks } from './fresh.mjs';
import { clpaySignRef } from './helpers.mjs';
import { fixtureData, checkEsm, EXPECTED } from './fixture.mjs';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const F = fixtureData();
// The fixture without top-level await (esbuild's default browser format is an IIFE).
const MAIN = checkEsm(F).replace("const rsa = await import('paysign/rsa');\n", "import('paysign/rsa').then((rsa) => {\n") + '});\n';
const page = (script) => `<!doctype html><meta charset="utf-8"><title>paysign</title>${script}`;
// The README's two browser examples: through a bundler, and plain ESM with an import map.
const README_BUNDLED = readmeBlocks().find((b) => b.lang === 'js' && b.info === 'browser').code;
const README_PLAIN = readmeBlocks().find((b) => b.lang === 'html').code;
// What both compute, by node:crypto.
const README_SIGN = clpaySignRef(['merchantCode', 'outOrderId'], { merchantCode: '1000000001', outOrderId: 'A1' }, '123456ADSEF');
let dir, browser;

before(async () => {
  dir = freshProject('bundlers', {
    'main.js': MAIN,
    'index.html': page('<script type="module" src="/main.js"></script>'),
    'plain.html': page(`<script type="importmap">{"imports":{"paysign":"/node_modules/paysign/dist/lean.web.js","paysign/rsa":"/node_modules/paysign/dist/rsa.web.js"}}</script><script type="module" src="/main.js"></script>`),
    'esbuild.html': page('<script src="/dist-esbuild/main.js"></script>'),
    'webpack.html': page('<script src="/dist-webpack/main.js"></script>'),
    'readme-browser.js': README_BUNDLED,
    'readme-browser.html': page('<body></body><script src="/dist-readme/readme-browser.js"></script>'),
    'readme-plain.html': page(README_PLAIN),
    'webpack.config.cjs': `module.exports = { mode: 'production', entry: './main.js', output: { path: __dirname + '/dist-webpack', filename: 'main.js' } };`,
  }, { type: 'module' });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
});
after(async () => browser?.close());

/** Opens `url`; resolves with the fixture's JSON line, and the failed requests. */
async function result(url) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const failed = [];
  const errors = [];
  p.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  p.on('pageerror', (e) => errors.push(String(e)));
  const line = new Promise((ok) => p.on('console', (m) => { if (m.text().startsWith('{')) ok(JSON.parse(m.text())); }));
  await p.goto(url);
  const out = await Promise.race([line, new Promise((_, no) => setTimeout(() => no(new Error(`no result from ${url}: ${errors.join('; ')} ${failed.join('; ')}`)), 20_000))]);
  await context.close();
  return { out, failed, errors };
}

async function staticCheck(root, path) {
  const server = await serveStatic(0, '127.0.0.1', root);
  try {
    return await result(`http://127.0.0.1:${server.address().port}/${path}`);
  } finally {
    server.close();
  }
}

function expectClean({ out, failed, errors }, what) {
  assert.deepEqual(out, EXPECTED, what);
  assert.deepEqual(failed, [], `${what}: failed requests`);
  assert.deepEqual(errors, [], `${what}: page errors`);
}

test('Vite build', async () => {
  execFileSync(bin('vite'), ['build', '--outDir', 'dist-vite', '--logLevel', 'error'], { cwd: dir, stdio: 'pipe' });
  expectClean(await staticCheck(join(dir, 'dist-vite'), ''), 'vite build');
});

test('Vite dev server (dependency pre-bundling and all)', async () => {
  const port = freePort();
  const server = await serve(() => spawn(bin('vite'), ['--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: dir }), `http://127.0.0.1:${port}/`);
  try {
    expectClean(await result(`http://127.0.0.1:${port}/`), 'vite dev');
  } finally {
    server.kill();
  }
});

test('webpack 5', async () => {
  execFileSync(process.execPath, ['-e', `require('webpack')(require('./webpack.config.cjs'), (e, s) => { if (e || s.hasErrors()) { console.error(e || s.toString('errors-only')); process.exit(1); } })`], { cwd: dir, stdio: 'pipe' });
  expectClean(await staticCheck(dir, 'webpack.html'), 'webpack');
});

test('esbuild --bundle (browser, default format)', async () => {
  execFileSync(bin('esbuild'), ['main.js', '--bundle', '--outfile=dist-esbuild/main.js', '--log-level=error'], { cwd: dir });
  expectClean(await staticCheck(dir, 'esbuild.html'), 'esbuild');
});

test('plain ESM in the browser (import map to paysign/web and paysign/rsa/web), no bundler', async () => {
  const r = await staticCheck(dir, 'plain.html');
  expectClean(r, 'plain ESM');
});

test("the README's browser examples: bundled by esbuild, and plain ESM with an import map", async () => {
  execFileSync(bin('esbuild'), ['readme-browser.js', '--bundle', '--outdir=dist-readme', '--log-level=error'], { cwd: dir });
  const server = await serveStatic(0, '127.0.0.1', dir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const context = await browser.newContext();
    const p = await context.newPage();
    const logs = [];
    p.on('console', (m) => logs.push(m.text()));
    await p.goto(`${origin}/readme-browser.html`);
    await p.waitForFunction(() => document.body.textContent.includes('→'));
    assert.equal(await p.evaluate(() => document.body.textContent), `merchantCode=1000000001&outOrderId=A1 → ${README_SIGN}`);
    await p.goto(`${origin}/readme-plain.html`);
    for (let i = 0; i < 100 && !logs.includes(README_SIGN); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(logs.includes(README_SIGN), `plain ESM example logged ${JSON.stringify(logs)}`);
    await context.close();
  } finally {
    server.close();
  }
});
