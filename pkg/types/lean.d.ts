// paysign: the lean module (`paysign`). Hand-owned declarations of pkg/src/face.js over the
// core's bindings; scripts/entries.mjs joins them with rsa.d.ts and debug.d.ts for those modules.

// `using` support without requiring lib "esnext.disposable" or @types/node (the same
// declaration those make).
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}
/** A value in a parameter object: strings, or safe integers (sent in decimal). `null` and `undefined` mean absent. */
export type ParamValue = string | number | null | undefined;
/** Parameters as given by the caller. */
export type ParamsInput = Record<string, ParamValue>;

/** Stable error codes carried by every error paysign throws (`err.code`). */
export type PaysignErrorCode =
  | "MISSING_FIELD" | "BAD_TYPE" | "BAD_AMOUNT" | "BAD_TIME" | "NOT_IN_ENUM" | "TOO_LONG"
  | "BAD_FORMAT" | "UNKNOWN_FIELD" | "UNKNOWN_MESSAGE" | "BAD_BODY" | "BODY_TOO_LARGE"
  | "BAD_ENCODING" | "BAD_CHARSET" | "BAD_KEY" | "BAD_IV" | "BAD_CIPHERTEXT" | "BAD_PADDING"
  | "BAD_OPTION" | "BAD_SIGNATURE_FORMAT" | "BAD_PAYURL" | "RANDOM_UNAVAILABLE" | "INCONSISTENT"
  | "TOO_MANY_FIELDS" | "DUPLICATE_FIELD" | "BAD_SIGNATURE" | "FREED" | "RSA_UNAVAILABLE";

/** Why a message is not valid: `BAD_SIGNATURE`, or the schema error of the first signed field
 * that breaks its format, enumeration or required-ness (a valid signature over such fields is not
 * a valid message). */
export interface InvalidReason {
  code: PaysignErrorCode;
  field: string | null;
  message: string;
}

/** What paysign throws, from every entry and module of the package: `err instanceof PaysignError`. */
export declare class PaysignError extends Error {
  constructor(code: PaysignErrorCode, message: string, field?: string);
  readonly name: "PaysignError";
  /** The stable machine-readable code. */
  readonly code: PaysignErrorCode;
  /** The field or argument at fault, when there is one. Never a value. */
  readonly field?: string;
}

/** clpayment V2.2 interfaces, by manual section. */
export type ClpayInterfaceId =
  | "payout" | "withdraw" | "balance" | "cashier" | "scan" | "bindCard" | "quickPay"
  | "quickPayOther" | "quickPayQuery" | "ebank" | "payoutNotify" | "tradeNotify"
  | "payoutQuery" | "tradeQuery" | "refund" | "refundQuery";
export type ClpayNotifyKind = "tradeNotify" | "payoutNotify";

/** 2.8 trade notify fields (values exactly as received). */
export interface ClpayTradeNotifyFields {
  merchantCode: string; instructCode: string; transType: string; outOrderId: string;
  transTime: string; totalAmount: string; ext?: string; sign: string;
  [name: string]: string | undefined;
}
/** 2.7 payout notify fields (values exactly as received). */
export interface ClpayPayoutNotifyFields {
  merchantCode: string; outOrderId: string; orderId: string; state: "00" | "02" | string;
  transTime: string; totalAmount: string; fee: string; errorMsg?: string; sign: string;
  [name: string]: string | undefined;
}
export type ClpayNotify =
  | { interface: "tradeNotify"; valid: boolean; reason: InvalidReason | null; fields: ClpayTradeNotifyFields; ack: '{"code":"00"}' }
  | { interface: "payoutNotify"; valid: boolean; reason: InvalidReason | null; fields: ClpayPayoutNotifyFields; ack: "success" };

/** A request as the platform received it (`Clpay.verifyRequest`). */
export interface ClpayRequestCheck {
  interface: ClpayInterfaceId;
  valid: boolean;
  /** The first schema error (the platform answers 09007), or BAD_SIGNATURE (09003). */
  reason: InvalidReason | null;
  /** The code the platform answers: "00", "09003" or "09007". */
  code: "00" | "09003" | "09007";
  fields: Record<string, string>;
}

export interface ClpayVerifyOptions {
  /** Force the notify instead of recognising it. */
  kind?: ClpayNotifyKind;
  /** The request's Content-Type header: a form type reads the body as a form, a JSON type as
   * JSON, and a body that contradicts it is refused (BAD_BODY). Without it, a body whose first
   * non-blank character is `{` is read as JSON. */
  contentType?: string;
}

export interface ClpaySignedRequest {
  interface: ClpayInterfaceId;
  /** The manual's request address. */
  url: string;
  /** The parameters as sent, `sign` last. */
  params: Record<string, string>;
  /** The sign source without `&KEY=…`. */
  signSource: string;
  sign: string;
  /** The form body, UTF-8 percent-encoded. */
  body: string;
  contentType: "application/x-www-form-urlencoded; charset=UTF-8";
}

export interface ClpayResponse {
  code: string;
  msg: string;
  /** `code === "00"`. */
  success: boolean;
  /** `data` is present, its `sign` matches and its signed fields keep the schema. */
  valid: boolean;
  reason: InvalidReason | null;
  /** `data`'s fields as strings (numbers in their literal form), or null. */
  data: Record<string, string> | null;
  codeInfo?: CodeInfo;
}

export interface TdesOptions {
  /** Default "ecb". */
  mode?: "ecb" | "cbc";
  /** CBC only: 8 bytes written in `ivEncoding`. */
  iv?: string;
  /** Default "utf8". */
  ivEncoding?: "utf8" | "hex" | "base64";
  /** Default "pkcs7" (Java PKCS5Padding). */
  padding?: "pkcs7" | "zero";
  /** Default "utf8": the 24 (or 16) characters are the key bytes. */
  keyEncoding?: "utf8" | "hex" | "base64";
  /** Ciphertext encoding, default "base64". */
  output?: "base64" | "hex";
}

export interface CodeInfo {
  code: string; meaningZh: string; meaningEn: string; hintZh: string; hintEn: string;
  success: boolean; retryable: boolean;
}
export interface Bank { code: string; name: string; supported: boolean | null; }

export interface FieldSchema {
  name: string; label: string; signed: boolean; required: boolean; encrypted: boolean;
  format: string; maxLen: number | null; allowed: string[];
}
export interface ClpayInterfaceSchema {
  id: ClpayInterfaceId; section: string; title: string; url: string; supported: boolean;
  notify: boolean; request: FieldSchema[]; response: FieldSchema[]; ack: string | null;
}
export type CmpayMessageId =
  | "orderQueryRequest" | "orderQueryResponse" | "directPayConfirmRequest"
  | "directPayConfirmResponse" | "pageNotify" | "offlineNotify";

/** Keys of a CMPay merchant: the MD5 signKey, and/or RSA keys as PEM or bare base64. */
export interface CmpayKeysInput {
  /** The 64-character MD5 signKey (signType=MD5). */
  signKey?: string;
  /** The merchant's private key, PKCS#1 or PKCS#8 (signType=RSA signing). */
  privateKey?: string;
  /** The platform's public key or certificate (PKCS#1, SPKI or X.509): verifies signType=RSA messages. */
  serverCert?: string;
  /** Where RSA-SHA1 runs (`paysign/rsa`): `"platform"` (default) on node:crypto where the runtime
   * has it (Node, Bun) and on WebCrypto for the `…Async` methods elsewhere, otherwise in wasm;
   * `"wasm"` always in wasm (blinded). The signatures are the same bytes either way. */
  rsa?: "platform" | "wasm";
}

export interface CmpayKeyInfo {
  format: "pkcs1-private" | "pkcs8-private" | "pkcs1-public" | "spki" | "x509-certificate";
  bits: number;
  private: boolean;
  pem: boolean;
}

export interface CmpayTrace {
  /** The field values concatenated in message order. */
  source: string;
  /** MD5 mode: hex HMAC-MD5 with the empty key over the source; null in RSA mode. */
  inner: string | null;
  hmac: string;
}

export interface CmpayRequest {
  message: CmpayMessageId;
  url: string;
  /** The parameters as sent, in message order, `hmac` last. */
  params: Record<string, string>;
  signSource: string;
  inner: string | null;
  hmac: string;
  /** The form body, percent-encoded in `charset` (GBK for characterSet 00/01, UTF-8 for 02). */
  body: string;
  charset: "UTF-8" | "GBK";
  contentType: string;
}

export interface CmpayVerifyOptions {
  /** How to decode a raw body: "UTF-8", "GBK" or "auto" (default: UTF-8 when valid, else GBK). */
  charset?: "UTF-8" | "GBK" | "auto";
  /** Force the message instead of recognising it from `type`. */
  message?: CmpayMessageId;
  /** The request's Content-Type header: its charset is used when `charset` is not given; a
   * JSON type is refused (CMPay sends forms). */
  contentType?: string;
}

export interface CmpayAmtItem { cny: number; cmy: number; red: number; vch: number; potChg: number; total: number; }

export interface CmpayPayUrl {
  url: string;
  method: "GET" | "POST";
  sessionId: string | null;
  items: Record<string, string>;
  /** `url?sessionId=…`: the GET redirect integrations use. */
  redirectUrl: string;
  /** An auto-submitting form honouring `method`, every value HTML-escaped. */
  formHtml: string;
}

export interface CmpayVerified {
  message: CmpayMessageId;
  /** The hmac matches and the signed fields keep the schema (formats, enumerations, required
   * fields, amtItem adding up to amount, a well-formed payUrl). */
  valid: boolean;
  reason: InvalidReason | null;
  fields: Record<string, string>;
  charset: "UTF-8" | "GBK";
  /** Parsed and checked against `amount` when the message is valid and carries amtItem. */
  amtItem: CmpayAmtItem | null;
  /** Parsed when a valid DirectPayConfirm response carries payUrl. */
  payUrl: CmpayPayUrl | null;
  /** "SUCCESS" for notifies, null otherwise. */
  ack: "SUCCESS" | null;
  codeInfo?: CodeInfo;
}

export interface CmpayMessageSchema {
  id: CmpayMessageId; types: string[]; section: string; direction: "request" | "response" | "notify";
  fields: FieldSchema[]; ack: string | null;
}

/** A clpayment merchant: one MD5 key. */
export declare class Clpay {
  /** A signer/verifier for one merchant key (`md5Key`). */
  constructor(key: string);
  /** The `sign` of a parameter set (no validation). */
  sign(interfaceId: ClpayInterfaceId, params: ParamsInput, part?: "request" | "response" | "notify"): string;
  /** Whether `params.sign` is the signature of the other fields (constant-time comparison). */
  verify(interfaceId: ClpayInterfaceId, params: ParamsInput, part?: "request" | "response" | "notify"): boolean;
  /** Validates, signs and form-encodes a request. */
  signRequest(interfaceId: ClpayInterfaceId, params: ParamsInput): ClpaySignedRequest;
  /** Verifies a notify: the raw body (string or bytes, form-encoded or JSON) or the parsed
   * object. `kind` is recognised when omitted. Throws a PaysignError for a body that is not a
   * notify at all; a wrong signature or a field that breaks the schema is `valid: false`. */
  verifyNotify(body: string | Uint8Array | ParamsInput, kind?: ClpayNotifyKind | ClpayVerifyOptions): ClpayNotify;
  /** Whether `body` is a valid notify. Never throws: junk, an empty body, the other gateway's
   * message or wrong arguments answer `false`. */
  isValidNotify(body: unknown, kind?: ClpayNotifyKind | ClpayVerifyOptions): boolean;
  /** Parses and verifies a JSON response of an interface. */
  verifyResponse(interfaceId: ClpayInterfaceId, body: string | Uint8Array): ClpayResponse;
  /** The gateway's side, for a sandbox or a test double: a raw request body checked as the
   * platform would, the schema first (required fields, formats, enumerations), then `sign`. */
  verifyRequest(interfaceId: ClpayInterfaceId, body: string | Uint8Array, options?: { contentType?: string }): ClpayRequestCheck;
  /** Frees the wasm memory now; later calls throw FREED. */
  free(): void;
  [Symbol.dispose](): void;
}

/** A CMPay merchant: the MD5 `signKey` (and, from `paysign/rsa`, the RSA keys), parsed once.
 * The lean module throws RSA_UNAVAILABLE for RSA keys and signType=RSA messages. */
export declare class Cmpay {
  /** `new Cmpay(signKey)` or `new Cmpay({ signKey?, privateKey?, serverCert? })`. */
  constructor(keys: string | CmpayKeysInput);
  /** What was found in the RSA keys given. */
  readonly keyInfo: { privateKey?: CmpayKeyInfo; serverCert?: CmpayKeyInfo };
  /** The `hmac` of a parameter set (mode from `signType`); the message is recognised from `type` unless given. */
  sign(params: ParamsInput, messageId?: CmpayMessageId): string;
  /** Every step of the signature (`inner` only in MD5 mode). */
  signTrace(params: ParamsInput, messageId?: CmpayMessageId): CmpayTrace;
  /** Whether `params.hmac` is the signature of the other fields. */
  verify(params: ParamsInput, messageId?: CmpayMessageId): boolean;
  /** Validates, signs and form-encodes a request in the charset `characterSet` names. */
  buildRequest(params: ParamsInput, options?: CmpayBuildOptions): CmpayRequest;
  /** The gateway's side, for a sandbox or a test double: validates, signs and form-encodes any
   * message (a response, a notify) in `charset` (default: the one a request's `characterSet`
   * names, else UTF-8). */
  buildMessage(params: ParamsInput, options: CmpayBuildMessageOptions): CmpayRequest;
  /** The gateway's side: a raw request body checked as the gateway would, the schema first
   * (the gateway answers that field's code), then the `hmac` (IPS0008). */
  verifyRequest(body: string | Uint8Array, options?: CmpayVerifyOptions): CmpayRequestCheck;
  /** Verifies a notify (PageNotify / OfflineNotify) from its raw body (string or bytes, UTF-8
   * or GBK) or a parsed object. Answer `ack` (`SUCCESS`) once processed. */
  verifyNotify(body: string | Uint8Array | ParamsInput, options?: CmpayVerifyOptions): CmpayVerified;
  /** Whether `body` is a valid notify. Never throws. */
  isValidNotify(body: unknown, options?: CmpayVerifyOptions): boolean;
  /** Verifies a response (OrderQuery, DirectPayConfirm); a DirectPayConfirm response's `payUrl` comes back parsed. */
  verifyResponse(body: string | Uint8Array | ParamsInput, options?: CmpayVerifyOptions): CmpayVerified;
  /** The async forms answer as the methods above. Where RSA-SHA1 can only run on WebCrypto
   * (browsers, workerd, Deno, Vercel Edge), they run it there; elsewhere they resolve what the
   * sync method answers. `isValidNotifyAsync` never rejects. */
  signAsync(params: ParamsInput, messageId?: CmpayMessageId): Promise<string>;
  signTraceAsync(params: ParamsInput, messageId?: CmpayMessageId): Promise<CmpayTrace>;
  verifyAsync(params: ParamsInput, messageId?: CmpayMessageId): Promise<boolean>;
  buildRequestAsync(params: ParamsInput, options?: CmpayBuildOptions): Promise<CmpayRequest>;
  verifyNotifyAsync(body: string | Uint8Array | ParamsInput, options?: CmpayVerifyOptions): Promise<CmpayVerified>;
  isValidNotifyAsync(body: unknown, options?: CmpayVerifyOptions): Promise<boolean>;
  verifyResponseAsync(body: string | Uint8Array | ParamsInput, options?: CmpayVerifyOptions): Promise<CmpayVerified>;
  /** Frees the wasm memory now; later calls throw FREED. */
  free(): void;
  [Symbol.dispose](): void;
}

export interface CmpayBuildMessageOptions {
  message: CmpayMessageId;
  charset?: "UTF-8" | "GBK";
  signatureEncoding?: "hex" | "base64";
}

/** A request as the gateway received it (`Cmpay.verifyRequest`). */
export interface CmpayRequestCheck {
  message: CmpayMessageId;
  valid: boolean;
  reason: InvalidReason | null;
  /** The return code the gateway answers: 000000, IPS0008 (the hmac), the field's own code
   * where the manuals list one (MCG01033 …, C01033 … for OrderQuery), IPS0001 otherwise. */
  code: string;
  fields: Record<string, string>;
  charset: "UTF-8" | "GBK";
}

export interface CmpayBuildOptions {
  /** Force the message instead of recognising it from `type`. */
  message?: CmpayMessageId;
  /** RSA mode: how the signature is written, default "hex". */
  signatureEncoding?: "hex" | "base64";
}

/** A 32-character nonce of letters and digits from the platform's secure random source. */
export declare function nonce(): string;
/** The largest raw body, in bytes, that the verify functions accept. */
export declare function maxBodyLength(): number;
/** The clpayment sign source (without `&KEY=…`). */
export declare function clpaySignSource(interfaceId: ClpayInterfaceId, params: ParamsInput, part?: "request" | "response" | "notify"): string;
/** What a merchant answers a clpayment notify with. */
export declare function clpayNotifyAck(kind: ClpayNotifyKind): string;
export declare function clpayInterfaces(): ClpayInterfaceSchema[];
export declare function clpayInterface(interfaceId: ClpayInterfaceId): ClpayInterfaceSchema;
export declare function clpayCode(code: string): CodeInfo | undefined;
export declare function clpayCodes(): CodeInfo[];
export declare function clpayBank(query: string): Bank | undefined;
export declare function clpayBanks(): Bank[];
/** clpayment card fields: 3DES (ECB by default, PKCS#7), base64 out. */
export declare function tdesEncrypt(plaintext: string, key: string, options?: TdesOptions): string;
export declare function tdesDecrypt(ciphertext: string, key: string, options?: TdesOptions): string;
/** The CMPay sign source: the field values in message order, no separators. */
export declare function cmpaySignSource(params: ParamsInput, messageId?: CmpayMessageId): string;
export declare function cmpayRecognise(params: ParamsInput): CmpayMessageId;
export declare function cmpayParsePayUrl(payUrl: string): CmpayPayUrl;
export declare function cmpayParseAmtItem(amtItem: string, amount: string | number): CmpayAmtItem;
/** What a merchant answers a CMPay notify with: `SUCCESS`. */
export declare function cmpayNotifyAck(): string;
export declare function cmpayMessages(): CmpayMessageSchema[];
export declare function cmpayCode(code: string): CodeInfo | undefined;
export declare function cmpayCodes(): CodeInfo[];
export declare function cmpayBank(query: string): Bank | undefined;
export declare function cmpayBanks(): Bank[];
