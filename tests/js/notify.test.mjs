// paysign/notify's handlers against the real frameworks, through real HTTP requests on
// 127.0.0.1: Express, Fastify, Koa, Hono (@hono/node-server) and the WHATWG handler of Next.js
// route handlers (served here by node:http through Hono's adapter; tests/js/next.test.mjs runs
// it inside Next.js), and Hono again under Bun.serve and Deno.serve. The notifies are signed by
// node:crypto (fixture.mjs, helpers.mjs), not by paysign.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { Hono } from 'hono';
import { serve as honoServe } from '@hono/node-server';
import { Clpay, Cmpay } from 'paysign';
import { expressNotify, fastifyNotify, koaNotify, honoNotify, nextNotify } from 'paysign/notify';
import { spawn } from 'node:child_process';
import { fixtureData } from './fixture.mjs';
import { freshProject, serve, freePort, readmeBlock, runtimes } from './fresh.mjs';

const F = fixtureData();
const clpay = new Clpay(F.clpayKey);
const cmpay = new Cmpay(F.cmpayKey);
// The CMPay notify percent-encoded in GBK, as CMPay sends it for characterSet 00: 成功 is
// B3C9 B9A6 in GBK (the same signature: CMPay signs the decoded text's UTF-8 bytes).
const CMPAY_GBK = F.cmpayBody.replace('message=%E6%88%90%E5%8A%9F', 'message=%B3%C9%B9%A6');
assert.notEqual(CMPAY_GBK, F.cmpayBody);
const FORM = 'application/x-www-form-urlencoded';

// Each server's record of onNotify calls; `failing` makes onNotify throw.
function merchant() {
  const m = { calls: [], failing: false };
  m.options = (verifier) => ({
    verifier,
    onNotify: async (notify, { key }) => {
      await new Promise((ok) => setTimeout(ok, 1)); // the merchant's database
      if (m.failing) throw new Error('database down');
      m.calls.push({ key, valid: notify.valid, fields: notify.fields });
    },
    onError: () => {},
  });
  return m;
}

const listen = (server) => new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${server.address().port}`)));

const frameworks = {
  async express(m) {
    const app = express();
    app.post('/clpay', expressNotify(m.options(clpay)));
    app.post('/cmpay', expressNotify(m.options(cmpay)));
    // The mistake the handler reports: a body parser before it.
    app.post('/parsed', express.urlencoded({ extended: false }), expressNotify(m.options(cmpay)));
    const server = createServer(app);
    return { base: await listen(server), close: () => server.close() };
  },
  async fastify(m) {
    const app = Fastify({ logger: false });
    await app.register(fastifyNotify({ ...m.options(clpay), path: '/clpay' }));
    await app.register(fastifyNotify({ ...m.options(cmpay), path: '/cmpay' }));
    // A JSON route elsewhere in the same app keeps Fastify's own parsers.
    app.post('/json', async (req) => ({ got: req.body }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { base: `http://127.0.0.1:${app.server.address().port}`, close: () => app.close(), app };
  },
  async koa(m) {
    const app = new Koa();
    const clpayHandler = koaNotify(m.options(clpay));
    const cmpayHandler = koaNotify(m.options(cmpay));
    app.use(async (ctx, next) => {
      if (ctx.method !== 'POST') return next();
      if (ctx.path === '/clpay') return clpayHandler(ctx);
      if (ctx.path === '/cmpay') return cmpayHandler(ctx);
      if (ctx.path === '/parsed') {
        // What koa-bodyparser does: reads the stream, keeps the decoded text as rawBody.
        let text = '';
        for await (const c of ctx.req) text += c;
        ctx.request.rawBody = text;
        ctx.request.body = Object.fromEntries(new URLSearchParams(text));
        return cmpayHandler(ctx);
      }
      return next();
    });
    const server = createServer(app.callback());
    return { base: await listen(server), close: () => server.close() };
  },
  async hono(m) {
    const app = new Hono();
    app.post('/clpay', honoNotify(m.options(clpay)));
    // A validator-like middleware that reads the body as text first: Hono keeps the bytes.
    app.post('/cmpay', async (c, next) => { await c.req.text(); await next(); }, honoNotify(m.options(cmpay)));
    const server = await new Promise((ok) => { const s = honoServe({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s)); });
    return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
  },
  async next(m) {
    // The route handlers as Next.js exports them (`export const POST = nextNotify(...)`),
    // called with the WHATWG Request @hono/node-server builds from node:http.
    const routes = { '/clpay': nextNotify(m.options(clpay)), '/cmpay': nextNotify(m.options(cmpay)) };
    const fetchHandler = (request) => {
      const route = routes[new URL(request.url).pathname];
      return route ? route(request) : new Response('not found', { status: 404 });
    };
    const server = await new Promise((ok) => { const s = honoServe({ fetch: fetchHandler, port: 0, hostname: '127.0.0.1' }, () => ok(s)); });
    return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
  },
};

const running = {};
before(async () => {
  for (const [name, start] of Object.entries(frameworks)) {
    const m = merchant();
    running[name] = { m, ...(await start(m)) };
  }
});
after(() => Object.values(running).forEach((r) => r.close()));

const post = (base, path, body, type) => fetch(`${base}${path}`, { method: 'POST', body, headers: type ? { 'content-type': type } : {} });

for (const name of Object.keys(frameworks)) {
  test(`${name}: valid notifies are acknowledged exactly, once onNotify ran, with a stable idempotency key`, async () => {
    const { base, m } = running[name];
    m.calls.length = 0;
    const a = await post(base, '/clpay', F.clpayBody, 'application/json');
    assert.equal(a.status, 200);
    assert.equal(await a.text(), '{"code":"00"}');
    for (const [body, type] of [[F.cmpayBody, FORM], [CMPAY_GBK, `${FORM}; charset=GBK`], [F.cmpayBody, FORM]]) {
      const b = await post(base, '/cmpay', body, type);
      assert.equal(b.status, 200, type);
      assert.equal(await b.text(), 'SUCCESS');
    }
    assert.equal(m.calls.length, 4, 'onNotify once per delivery');
    const clpayFields = JSON.parse(F.clpayBody);
    assert.equal(m.calls[0].key, `clpay:trade:${clpayFields.merchantCode}:${clpayFields.outOrderId}:${clpayFields.instructCode}`);
    assert.equal(m.calls[1].fields.message, '成功');
    assert.equal(m.calls[2].fields.message, '成功', 'the GBK body decoded');
    assert.equal(new Set(m.calls.slice(1).map((c) => c.key)).size, 1, 'every delivery of one notify has one key');
    assert.match(m.calls[1].key, /^cmpay:888009941120001:201103091030298930:201901310005378468:SUCCESS$/);
  });

  test(`${name}: forged, junk and oversized notifies get 4xx and never reach onNotify`, async () => {
    const { base, m } = running[name];
    m.calls.length = 0;
    const tampered = new URLSearchParams(F.cmpayBody);
    tampered.set('amount', '1000');
    const cases = [
      ['/cmpay', tampered.toString(), FORM, 400, 'BAD_SIGNATURE'],
      ['/clpay', F.clpayBody.replace('"totalAmount":1', '"totalAmount":100'), 'application/json', 400, 'BAD_SIGNATURE'],
      ['/clpay', F.cmpayBody, FORM, 400, undefined], // the other gateway's notify
      ['/cmpay', 'a=b', FORM, 400, undefined],
      ['/cmpay', '', FORM, 400, undefined],
      ['/clpay', '{"a":', 'application/json', 400, undefined],
      ['/cmpay', 'x'.repeat(100_000), FORM, 413, undefined],
    ];
    for (const [path, body, type, status, code] of cases) {
      const r = await post(base, path, body, type);
      const text = await r.text();
      assert.equal(r.status, status, `${path} ${body.slice(0, 40)} → ${r.status} ${text}`);
      if (code) assert.equal(text, code);
      assert.notEqual(text, 'SUCCESS');
    }
    assert.equal(m.calls.length, 0);
  });

  test(`${name}: when onNotify throws, 500 and no acknowledgement, so that the gateway retries`, async () => {
    const { base, m } = running[name];
    m.failing = true;
    try {
      const r = await post(base, '/cmpay', F.cmpayBody, FORM);
      assert.equal(r.status, 500);
      assert.equal(await r.text(), 'NOT_PROCESSED');
    } finally {
      m.failing = false;
    }
  });
}

test('a body parser that ran first is named in a 500 (the gateway retries once the route is fixed), not hidden as a bad signature', async () => {
  for (const name of ['express', 'koa']) {
    const r = await post(running[name].base, '/parsed', F.cmpayBody, FORM);
    assert.equal(r.status, 500, name);
    assert.match(await r.text(), /^BODY_ALREADY_PARSED/, name);
  }
});

test('fastify: the plugin\'s raw parser stays inside it; the app keeps its JSON parser', async () => {
  const r = await post(running.fastify.base, '/json', '{"a":1}', 'application/json');
  assert.deepEqual(await r.json(), { got: { a: 1 } });
});

test('a verifier made per request (a Worker\'s env); one that cannot be made answers 500; a chunked body over the limit 413', async () => {
  const seen = [];
  const handler = nextNotify({ verifier: (request) => new Clpay(request.headers.get('x-key') ?? ''), onNotify: (n, { key }) => { seen.push(key); } });
  const req = (body, headers = {}) => new Request('http://x/notify', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, duplex: 'half' });
  const ok = await handler(req(F.clpayBody, { 'x-key': F.clpayKey }));
  assert.deepEqual([ok.status, await ok.text(), seen.length], [200, '{"code":"00"}', 1]);
  const wrongKey = await handler(req(F.clpayBody, { 'x-key': 'another key' }));
  assert.deepEqual([wrongKey.status, await wrongKey.text()], [400, 'BAD_SIGNATURE']);
  const broken = nextNotify({ verifier: () => { throw new Error('no key configured'); }, onNotify: () => {} });
  const none = await broken(req(F.clpayBody));
  assert.deepEqual([none.status, await none.text()], [500, 'NO_VERIFIER']);
  const chunked = new ReadableStream({ start(c) { for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(8192)); c.close(); } });
  const big = await handler(req(chunked, { 'x-key': F.clpayKey }));
  assert.equal(big.status, 413);
  assert.equal(seen.length, 1);
});

test('options are checked when the handler is made', () => {
  for (const make of [expressNotify, fastifyNotify, koaNotify, honoNotify, nextNotify]) {
    assert.throws(() => make({ verifier: {}, onNotify() {} }), /verifier/);
    assert.throws(() => make({ verifier: clpay }), /onNotify/);
  }
});

test('the README\'s notify.mjs, run as written in a fresh project: acknowledged, forged 400', async () => {
  const dir = freshProject('notify-readme', { 'notify.mjs': readmeBlock('// notify.mjs').code }, { type: 'module' });
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await serve(() => spawn(process.execPath, ['notify.mjs'], { cwd: dir, env: { ...process.env, PORT: String(port), PAYSIGN_CLPAY_KEY: F.clpayKey } }), `${base}/`);
  try {
    for (let i = 0; i < 2; i++) {
      const r = await post(base, '/clpay/notify', F.clpayBody, 'application/json');
      assert.deepEqual([r.status, await r.text()], [200, '{"code":"00"}']);
    }
    const forged = await post(base, '/clpay/notify', F.clpayBody.replace('"totalAmount":1', '"totalAmount":100'), 'application/json');
    assert.deepEqual([forged.status, await forged.text()], [400, 'BAD_SIGNATURE']);
  } finally {
    server.kill();
  }
});

// Hono beyond Node: the same handler under Bun.serve and Deno.serve, over HTTP.
const HONO_APP = (serveLine) => `import { Hono } from 'hono';
import { Clpay } from 'paysign';
import { honoNotify } from 'paysign/notify';

const app = new Hono();
let calls = 0;
app.post('/notify', honoNotify({ verifier: new Clpay(${JSON.stringify(F.clpayKey)}), onNotify: () => { calls++; } }));
app.get('/calls', (c) => c.text(String(calls)));
${serveLine}
`;

test('hono in Bun and Deno: acknowledged once per notify, forged 400', async (t) => {
  const dir = freshProject('notify-hono', {
    'bun.mjs': HONO_APP("const s = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch });\nconsole.log(JSON.stringify({ port: s.port }));"),
    'deno.mjs': HONO_APP("Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: ({ port }) => console.log(JSON.stringify({ port })) }, app.fetch);"),
  }, { type: 'module', dependencies: { hono: '*' } });
  // The fresh project resolves hono from the workspace, as it does the frameworks of other tests.
  const runs = [['Bun', runtimes.bun, ['bun.mjs']], ['Deno', runtimes.deno, ['run', '--allow-net', '--allow-read', '--allow-env', 'deno.mjs']]];
  for (const [name, exe, args] of runs) {
    assert.ok(exe, `no ${name} binary: scripts/setup.sh installs it`);
    const proc = spawn(exe, args, { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    try {
      const { port } = await new Promise((ok, fail) => {
        let out = '';
        let err = '';
        proc.stdout.on('data', (d) => { out += d; const l = out.split('\n').find((x) => x.startsWith('{')); if (l) ok(JSON.parse(l)); });
        proc.stderr.on('data', (d) => (err += d));
        proc.on('exit', (c) => fail(new Error(`${name} exited ${c}: ${err}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      const r = await post(base, '/notify', F.clpayBody, 'application/json');
      assert.deepEqual([r.status, await r.text()], [200, '{"code":"00"}'], name);
      const forged = await post(base, '/notify', F.clpayBody.replace('"totalAmount":1', '"totalAmount":100'), 'application/json');
      assert.deepEqual([forged.status, await forged.text()], [400, 'BAD_SIGNATURE'], name);
      assert.equal(await (await fetch(`${base}/calls`)).text(), '1', name);
    } finally {
      proc.kill();
    }
  }
});
