// The example notify receiver of the soak test: plain node:http, paysign used as the README
// shows (raw body, the request's content type, 400 for anything not valid). Listens on
// 127.0.0.1 only and prints its port.
import { serveNotifies } from './notify-server.mjs';
import { createRequire } from 'node:module';

// PAYSIGN_PACKAGE: another build of the package (bench/run.mjs's BENCH_BEFORE), else paysign.
const require = createRequire(import.meta.url);
const { Clpay } = require(process.env.PAYSIGN_PACKAGE ? `${process.env.PAYSIGN_PACKAGE}/dist/lean.node.cjs` : 'paysign');

const clpay = new Clpay(process.env.CLPAY_KEY ?? '123456ABDDFF');
serveNotifies((body, contentType) => {
  try {
    const notify = clpay.verifyNotify(new Uint8Array(body), { contentType });
    return notify.valid ? notify.ack : null;
  } catch {
    return null; // a typed error: malformed or oversized
  }
});
