// paysign/notify's route handler in a Next.js App Router route (edge runtime): it reads the body
// once as bytes, verifies it, runs onNotify, then answers the exact acknowledgement.
import { Clpay } from 'paysign';
import { nextNotify } from 'paysign/notify';

const seen = new Set();
export const POST = nextNotify({
  verifier: new Clpay(process.env.CLPAY_KEY ?? ''),
  onNotify: async (notify, { key }) => {
    seen.add(key); // the merchant's store of processed notifies
  },
});

export const runtime = 'edge';
