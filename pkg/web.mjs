// Browser and bundler entry: call the default export (init) once before anything else; it
// fetches paysign_bg.wasm next to web/paysign.js. The exports are the JS face (src/face.js).
import init, * as glue from './web/paysign.js';
import { makeFace } from './face.mjs';

const face = makeFace(glue);

export default init;
export const initSync = glue.initSync;
export const {
  Clpay, Cmpay, nonce, maxBodyLength, clpaySignSource, clpayNotifyAck, clpayInterfaces, clpayInterface, clpayCode, clpayCodes, clpayBank, clpayBanks, tdesEncrypt, tdesDecrypt, cmpaySignSource, cmpayRecognise, cmpayParsePayUrl, cmpayParseAmtItem, cmpayNotifyAck, cmpayMessages, cmpayCode, cmpayCodes, cmpayBank, cmpayBanks, inspectRsaKey, rsaKeysMatch, debugAnalyse, debugTargets, debugSample,
} = face;
