// The example notify receiver of the soak test: plain node:http, paysign used as the README
// shows (raw body, the request's content type, 400 for anything not valid). Listens on
// 127.0.0.1 only and prints its port.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

// PAYSIGN_PACKAGE: another build of the package (bench/run.mjs's BENCH_BEFORE), else paysign.
const require = createRequire(import.meta.url);
const { Clpay } = require(process.env.PAYSIGN_PACKAGE ? `${process.env.PAYSIGN_PACKAGE}/dist/lean.node.cjs` : 'paysign');

const clpay = new Clpay(process.env.CLPAY_KEY ?? '123456ABDDFF');
const server = createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size <= 64 * 1024) chunks.push(c);
  });
  req.on('end', () => {
    let notify;
    try {
      notify = clpay.verifyNotify(new Uint8Array(Buffer.concat(chunks)), { contentType: req.headers['content-type'] });
    } catch {
      notify = null; // a typed error: malformed or oversized
    }
    if (!notify?.valid) {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(notify.ack);
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
