// Compiled with `tsc --noEmit --strict` by tests/js/package.test.mjs: the declarations must
// accept what the README shows and reject misuse.
import { Clpay, nonce, tdesEncrypt, clpayCode, type ClpayNotify, type PaysignError } from 'paysign';

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
const ct: string = tdesEncrypt('6222', 'k'.repeat(24), { mode: 'cbc', iv: '12345678' });
const hint: string | undefined = clpayCode('09003')?.hintEn;
try { nonce(); } catch (e) { const code: string = (e as PaysignError).code; void code; }
void body; void ok; void ct; void hint;

// @ts-expect-error: not an interface of the manual
clpay.sign('transfer', {});
// @ts-expect-error: unknown 3DES mode
tdesEncrypt('x', 'k', { mode: 'ofb' });

// CMPay and the debugger.
import { Cmpay, cmpayParsePayUrl, debugAnalyse, inspectRsaKey, type CmpayVerified, type DebugReport } from 'paysign';
const cm = new Cmpay({ signKey: 'k'.repeat(64) });
const built = cm.buildRequest({ type: 'OrderQuery' }, { signatureEncoding: 'base64' });
const cs: 'UTF-8' | 'GBK' = built.charset;
const verified: CmpayVerified = cm.verifyNotify(new Uint8Array(), { charset: 'GBK' });
const redirect: string | undefined = verified.payUrl?.redirectUrl;
const total: number | undefined = verified.amtItem?.total;
const method: 'GET' | 'POST' = cmpayParsePayUrl('url<hi:=>https://x').method;
const bits: number = inspectRsaKey('...').bits;
const report: DebugReport = debugAnalyse({ input: 'a=1', key: 'k' });
const firstHint: string | undefined = report.diagnosis[0]?.id;
void cs; void redirect; void total; void method; void bits; void firstHint;
// @ts-expect-error: not a CMPay message
cm.sign({}, 'refundRequest');
