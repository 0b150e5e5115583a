// The node:crypto receiver the paysign receiver (receiver.mjs) is measured against: the same
// server, the notify verified by hand as a merchant writes it (URLSearchParams or JSON.parse,
// sorted keys, &KEY=, MD5, timingSafeEqual). Listens on 127.0.0.1 only and prints its port.
import { createServer } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';

const KEY = process.env.CLPAY_KEY ?? '123456ABDDFF';
const SIGNED = ['instructCode', 'merchantCode', 'outOrderId', 'totalAmount', 'transTime', 'transType'];

function valid(fields) {
  if (typeof fields?.sign !== 'string') return false;
  const src = SIGNED.map((k) => `${k}=${fields[k] ?? ''}`).join('&') + `&KEY=${KEY}`;
  const expected = Buffer.from(createHash('md5').update(src, 'utf8').digest('hex').toUpperCase());
  const got = Buffer.from(fields.sign);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

const server = createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size <= 64 * 1024) chunks.push(c);
  });
  req.on('end', () => {
    let fields = null;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      fields = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
    } catch {
      fields = null;
    }
    if (!valid(fields)) {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('{"code":"00"}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
