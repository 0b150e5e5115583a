// Next.js (App Router) with no extra config: `next build` and `next start` of a project that
// verifies a clpayment notify in a Node route and in an Edge route (the `edge-light` build,
// whose wasm Next compiles at build time), and the README's Vercel Edge example. Built with
// Turbopack (the default) and webpack. paysign/notify's route handler runs in both runtimes too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { transformSync } from 'esbuild';
import { freshProject, bin, serve, freePort, ROOT, readmeBlock } from './fresh.mjs';
import { vectors } from './helpers.mjs';

const SRC = join(ROOT, 'tests/runtimes/next');
const v = vectors('clpay.json').valid.find((x) => x.interface === 'tradeNotify');
let dir;

function files(d, out = {}) {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out[relative(SRC, p)] = readFileSync(p, 'utf8');
  }
  return out;
}

before(() => {
  // The README's Vercel Edge example joins the app, its types stripped by esbuild (the app
  // has no TypeScript set-up).
  const route = transformSync(readmeBlock('// app/api/clpay/notify/route.ts').code, { loader: 'ts' }).code;
  dir = freshProject('next', { ...files(SRC), 'app/api/clpay/notify/route.js': route });
});

for (const bundler of ['turbopack', 'webpack']) {
  test(`next build (${bundler}) and next start: Node and Edge routes verify a notify, junk gets 400`, async () => {
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CLPAY_KEY: v.key, CLPAY_MD5_KEY: v.key };
    execFileSync(bin('next'), ['build', `--${bundler}`], { cwd: dir, env, stdio: 'pipe' });
    const port = freePort();
    const server = await serve(() => spawn(bin('next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd: dir, env }), `http://127.0.0.1:${port}/`);
    try {
      for (const runtime of ['node', 'edge']) {
        const url = `http://127.0.0.1:${port}/api/${runtime}`;
        const ok = await fetch(url, { method: 'POST', body: v.body });
        assert.equal(ok.status, 200, `${runtime}: ${await ok.clone().text()} ${server.log()}`);
        assert.equal(await ok.text(), '{"code":"00"}');
        assert.equal(ok.headers.get('x-runtime'), runtime === 'node' ? 'nodejs' : 'edge');
        assert.equal(ok.headers.get('x-order'), v.params.outOrderId);
        for (const junk of ['', '{}', 'a=b', v.body.replace('"totalAmount":1', '"totalAmount":100')]) {
          const bad = await fetch(url, { method: 'POST', body: junk });
          assert.equal(bad.status, 400, `${runtime} answered ${bad.status} to ${JSON.stringify(junk)}`);
        }
      }
      // paysign/notify's route handler, in both runtimes.
      for (const runtime of ['node', 'edge']) {
        const url = `http://127.0.0.1:${port}/api/handler-${runtime}`;
        const ok = await fetch(url, { method: 'POST', body: v.body, headers: { 'content-type': 'application/json' } });
        assert.equal(ok.status, 200, `handler-${runtime}: ${await ok.clone().text()} ${server.log()}`);
        assert.equal(await ok.text(), '{"code":"00"}');
        const forged = await fetch(url, { method: 'POST', body: v.body.replace('"totalAmount":1', '"totalAmount":100'), headers: { 'content-type': 'application/json' } });
        assert.deepEqual([forged.status, await forged.text()], [400, 'BAD_SIGNATURE'], `handler-${runtime}`);
      }
      // The README's example route.
      const readme = `http://127.0.0.1:${port}/api/clpay/notify`;
      const ok = await fetch(readme, { method: 'POST', body: v.body, headers: { 'content-type': 'application/json' } });
      assert.equal(ok.status, 200, `README route: ${await ok.clone().text()}`);
      assert.equal(await ok.text(), '{"code":"00"}');
      for (const junk of ['', '{}', 'a=b', v.body.replace('"totalAmount":1', '"totalAmount":100')]) {
        assert.equal((await fetch(readme, { method: 'POST', body: junk })).status, 400, `README route: ${JSON.stringify(junk)}`);
      }
    } finally {
      server.kill();
    }
  });
}

after(() => {});
