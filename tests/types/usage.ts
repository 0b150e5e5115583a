// Compiled with `tsc --noEmit --strict` by tests/js/package.test.mjs, in a fresh project with
// the packed package installed: the declarations must accept what the README shows and reject
// misuse.
import { Clpay, nonce, tdesEncrypt, clpayCode, PaysignError, type ClpayNotify, type PaysignErrorCode } from 'paysign';

const clpay = new Clpay('123456ABDDFF');
const req = clpay.signRequest('tradeQuery', { merchantCode: '1000000001', outOrderId: 'A1' });
const body: string = req.body;
const n: ClpayNotify = clpay.verifyNotify('instructCode=1&sign=X');
if (n.interface === 'tradeNotify') {
  const amount: string = n.fields.totalAmount;
  const ack: '{"code":"00"}' = n.ack;
  void amount; void ack;
}
const ok: boolean = clpay.isValidNotify({ totalAmount: 1 }, 'tradeNotify');
const anything: boolean = clpay.isValidNotify(42); // a predicate takes anything
const ct: string = tdesEncrypt('6222', 'k'.repeat(24), { mode: 'cbc', iv: '12345678' });
const hint: string | undefined = clpayCode('09003')?.hintEn;
try {
  nonce();
} catch (e) {
  if (e instanceof PaysignError) {
    const code: PaysignErrorCode = e.code;
    const field: string | undefined = e.field;
    void code; void field;
  }
}
void body; void ok; void anything; void ct; void hint;
{
  using scoped = new Clpay('123456ABDDFF'); // Symbol.dispose: freed at the end of the block
  void scoped;
}

// @ts-expect-error: not an interface of the manual
clpay.sign('transfer', {});
// @ts-expect-error: unknown 3DES mode
tdesEncrypt('x', 'k', { mode: 'ofb' });
// @ts-expect-error: not an error code
const wrong: PaysignErrorCode = 'NOPE';
void wrong;

// CMPay: the lean module (MD5) and paysign/rsa.
import { Cmpay, cmpayParsePayUrl, type CmpayVerified } from 'paysign';
import { Cmpay as CmpayRsa, inspectRsaKey } from 'paysign/rsa';
import { debugAnalyse, type DebugReport } from 'paysign/debug';
const cm = new Cmpay({ signKey: 'k'.repeat(64) });
const built = cm.buildRequest({ type: 'OrderQuery' });
const built2 = cm.buildRequest({ type: 'OrderQuery' }, { signatureEncoding: 'base64' });
const cs: 'UTF-8' | 'GBK' = built.charset;
const verified: CmpayVerified = cm.verifyNotify(new Uint8Array(), { charset: 'GBK' });
const redirect: string | undefined = verified.payUrl?.redirectUrl;
const total: number | undefined = verified.amtItem?.total;
const method: 'GET' | 'POST' = cmpayParsePayUrl('url<hi:=>https://x').method;
const rsa = new CmpayRsa({ serverCert: '...' });
const wasmRsa = new CmpayRsa({ privateKey: '...', rsa: 'wasm' });
const signedLater: Promise<string> = wasmRsa.signAsync({ type: 'OrderQuery' });
const validLater: Promise<boolean> = rsa.isValidNotifyAsync('a=1');
void signedLater; void validLater;
// @ts-expect-error: RSA runs on the platform or in wasm, nothing else
void new CmpayRsa({ serverCert: '...', rsa: 'openssl' });
const bits: number = inspectRsaKey('...').bits;
const report: DebugReport = debugAnalyse({ input: 'a=1', key: 'k' });
const firstHint: string | undefined = report.diagnosis[0]?.id;
void built2; void cs; void redirect; void total; void method; void rsa; void bits; void firstHint;
// @ts-expect-error: not a CMPay message
cm.sign({}, 'refundRequest');
// @ts-expect-error: payUrl can be null
void verified.payUrl.redirectUrl;
// @ts-expect-error: the lean module has no RSA key tools
import { inspectRsaKey as notInLean } from 'paysign';
void notInLean;

// The gateway side (the sandbox's): requests checked, any message built.
const checked: boolean = cm.verifyRequest('a=1').valid;
const resp: string = cm.buildMessage({ type: 'OrderQuery' }, { message: 'orderQueryResponse', charset: 'GBK' }).body;
void checked; void resp;

// paysign/notify: a handler per framework, typed without the frameworks' own types.
import { expressNotify, nextNotify, handleNotify, type NotifyAnswer } from 'paysign/notify';
const onExpress = expressNotify({ verifier: cm, onNotify: async (n, { key }) => { void n.fields.orderId; void key; } });
const POST: (request: Request) => Promise<Response> = nextNotify({ verifier: cm, onNotify: () => undefined });
const answer: Promise<NotifyAnswer> = handleNotify({ verifier: cm, onNotify: () => {} }, new Uint8Array());
void onExpress; void POST; void answer;
// @ts-expect-error: onNotify is required
expressNotify({ verifier: cm });
