
// paysign/debug: the rsa module plus the signature debugger engine (the page in www/ runs it).
export interface DebugRequest {
  /** What was pasted: query string, form body (UTF-8 or GBK escapes), JSON, URL, key=value lines. */
  input: string;
  /** "clpay:<interface>[:response]" or "cmpay:<message>"; recognised when omitted. */
  target?: string;
  /** MD5 key (clpayment md5Key / CMPay signKey). */
  key?: string;
  /** CMPay RSA: the platform's public key or certificate. */
  publicKey?: string;
  /** clpayment 3DES key, to check encrypted versus plain card values. */
  tdesKey?: string;
}
export interface DebugHint { id: string; field: string | null; zh: string; en: string; }
export interface DebugToken { text: string; kind: string; field: string | null; }
export interface DebugFieldRow {
  name: string; label: string | null; value: string; known: boolean; signed: boolean;
  position: number | null; problems: string[]; marks: string[];
}
export interface DebugReport {
  gateway: "clpay" | "cmpay"; target: string; title: string; recognised: boolean;
  format: string; charset: "UTF-8" | "GBK"; envelope: [string, string] | null;
  fields: DebugFieldRow[]; source: string; tokens: DebugToken[];
  steps: { label: string; value: string }[]; signatureField: "sign" | "hmac";
  expected: string | null; received: string | null;
  verdict: "match" | "mismatch" | "no-signature" | "no-key";
  diagnosis: DebugHint[];
}

/** Analyses a pasted message: fields, sign source, expected versus received signature, diagnosis. */
export declare function debugAnalyse(request: DebugRequest): DebugReport;
/** The messages the debugger knows. */
export declare function debugTargets(): { spec: string; label: string }[];
/** A correctly signed sample message of a target, for the page's demo. */
export declare function debugSample(target: string, key: string, tdesKey: string): string;
