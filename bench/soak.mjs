// Soak: 10^6 verifications (valid notifies interleaved with forged ones made by a test-side
// reference), then a loopback load test of the example receiver (bench/receiver.mjs) with
// autocannon: legitimate notifies from 10 connections while one attacker connection sends
// hostile 64 KiB bodies and forged notifies. Prints requests/s, p99 and forged-accepted.
// Bounded: SOAK_SECONDS (default 10) of load, 127.0.0.1 only. `make soak`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { Clpay } from 'paysign';

const KEY = '123456ABDDFF';
const SIGNED = ['instructCode', 'merchantCode', 'outOrderId', 'totalAmount', 'transTime', 'transType'];
const fields = { instructCode: '150211000000000018', merchantCode: '1000000267', outOrderId: '80904482661769148113436093416980', totalAmount: '1', transTime: '20150211155604', transType: '00200' };
const ref = (f) => createHash('md5').update(SIGNED.map((k) => `${k}=${f[k] ?? ''}`).join('&') + `&KEY=${KEY}`, 'utf8').digest('hex').toUpperCase();
const valid = new URLSearchParams({ ...fields, sign: ref(fields) }).toString();
// Forgeries: the signature of one message over other content (amount, order, duplicated and
// smuggled fields, JSON-in-form).
const forged = [
  valid.replace('totalAmount=1', 'totalAmount=100'),
  valid.replace('outOrderId=8', 'outOrderId=9'),
  `${valid}&totalAmount=100`,
  valid.replace('totalAmount=1', 'totalAmount=1&totalAmount=2'),
  JSON.stringify({ ...fields, sign: ref(fields), z: '&outOrderId=VICTIM&totalAmount=9999900&x=' }),
];
const hostile = 'instructCode=1' + Array.from({ length: 9000 }, (_, i) => `&f${i}=`).join('').slice(0, 64 * 1024 - 40) + '&sign=00';

const clpay = new Clpay(KEY);
const N = 1_000_000;
let forgedAccepted = 0;
const rss0 = process.memoryUsage().rss;
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  if (i % 10 === 0) {
    try {
      if (clpay.isValidNotify(forged[i % forged.length])) forgedAccepted++;
    } catch { /* refused with a typed error */ }
  } else if (!clpay.isValidNotify(valid)) {
    throw new Error('a valid notify did not verify');
  }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`10^6 verifications: ${Math.round(N / secs).toLocaleString('en-US')}/s, forged-accepted = ${forgedAccepted}, rss ${Math.round(rss0 / 1e6)} → ${Math.round(process.memoryUsage().rss / 1e6)} MB`);

const seconds = Number(process.env.SOAK_SECONDS ?? 10);
const server = spawn(process.execPath, [new URL('./receiver.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
const [port] = (await once(server.stdout, 'data')).map((b) => Number(String(b).trim()));
const url = `http://127.0.0.1:${port}/clpay/notify`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };
try {
  const attackRequests = [
    { method: 'POST', headers: form, body: hostile },
    ...forged.map((body) => ({ method: 'POST', headers: body.startsWith('{') ? { 'content-type': 'application/x-www-form-urlencoded' } : form, body })),
  ];
  const [legit, attack] = await Promise.all([
    autocannon({ url, connections: 10, duration: seconds, method: 'POST', headers: form, body: valid }),
    autocannon({ url, connections: 1, duration: seconds, requests: attackRequests }),
  ]);
  console.log(`receiver under load for ${seconds}s (10 legitimate connections, 1 attacker):`);
  console.log(`  legitimate: ${Math.round(legit.requests.average).toLocaleString('en-US')} req/s, p99 ${legit.latency.p99} ms, non-2xx ${legit.non2xx}, errors ${legit.errors}`);
  console.log(`  attacker:   ${Math.round(attack.requests.average).toLocaleString('en-US')} req/s (64 KiB hostile bodies and forgeries), accepted (2xx) ${attack['2xx']}`);
  console.log(`forged-accepted = ${forgedAccepted + attack['2xx']}`);
  if (forgedAccepted + attack['2xx'] !== 0 || legit.non2xx !== 0) process.exitCode = 1;
} finally {
  server.kill();
}
