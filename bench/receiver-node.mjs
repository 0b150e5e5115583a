// The node:crypto receiver the paysign receiver (receiver.mjs) is measured against: the same
// server, the notify verified by hand as a merchant writes it (URLSearchParams or JSON.parse,
// sorted keys, &KEY=, MD5, timingSafeEqual). Listens on 127.0.0.1 only and prints its port.
import { serveNotifies } from './notify-server.mjs';
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

serveNotifies((body, contentType) => {
  let fields;
  try {
    const text = body.toString('utf8');
    fields = (contentType ?? '').includes('json') ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
  } catch {
    return null;
  }
  return valid(fields) ? '{"code":"00"}' : null;
});
