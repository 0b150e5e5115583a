// A merchant's notify endpoint on the edge: verifies the gateway's POST with paysign's worker
// build (imported by its bare name, as a bundler resolving the `workerd` condition would).
import { Clpay, Cmpay } from 'paysign';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const body = new Uint8Array(await request.arrayBuffer());
    try {
      if (url.pathname === '/clpay/notify') {
        const notify = new Clpay(env.CLPAY_KEY).verifyNotify(body);
        if (!notify.valid) return new Response('bad signature', { status: 400 });
        return new Response(notify.ack, { headers: { 'x-order': notify.fields.outOrderId } });
      }
      if (url.pathname === '/cmpay/notify') {
        const notify = new Cmpay(env.CMPAY_SIGN_KEY).verifyNotify(body);
        if (!notify.valid) return new Response('bad signature', { status: 400 });
        return new Response(notify.ack, { headers: { 'x-order': notify.fields.orderId, 'x-charset': notify.charset } });
      }
      return new Response('not found', { status: 404 });
    } catch (e) {
      return new Response(`${e.name} ${e.code}: ${e.message}`, { status: 422 });
    }
  },
};
