// Node entry (import): the same instance as require('paysign'), so classes and errors are
// shared between CommonJS and ESM callers.
import face from './node.cjs';

export const {
  Clpay, Cmpay, nonce, maxBodyLength, clpaySignSource, clpayNotifyAck, clpayInterfaces, clpayInterface, clpayCode, clpayCodes, clpayBank, clpayBanks, tdesEncrypt, tdesDecrypt, cmpaySignSource, cmpayRecognise, cmpayParsePayUrl, cmpayParseAmtItem, cmpayNotifyAck, cmpayMessages, cmpayCode, cmpayCodes, cmpayBank, cmpayBanks, inspectRsaKey, rsaKeysMatch, debugAnalyse, debugTargets, debugSample,
} = face;
