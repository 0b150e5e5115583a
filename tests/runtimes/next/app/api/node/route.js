// A Next.js App Router route on the Node runtime, no extra config: verifies a clpayment notify.
import { Clpay } from 'paysign';

export async function POST(request) {
  const body = new Uint8Array(await request.arrayBuffer());
  const clpay = new Clpay(process.env.CLPAY_KEY ?? '');
  if (!clpay.isValidNotify(body)) return new Response('bad notify', { status: 400 });
  const notify = clpay.verifyNotify(body);
  return new Response(notify.ack, { headers: { 'x-order': notify.fields.outOrderId, 'x-runtime': 'nodejs' } });
}
