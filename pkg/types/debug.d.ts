
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
  /** How long the diagnosis may search, in milliseconds (default 2000). */
  budgetMs?: number;
}
/** A stage of a gateway's signing pipeline; a mistake changes exactly one. */
export type DebugStage = "selection" | "order" | "values" | "assembly" | "key" | "bytes" | "digest" | "output";
/** One mistake of an explanation. */
export interface DebugMistake { id: string; stage: DebugStage; field: string | null; zh: string; en: string; }
/** A piece of one side of a diff; `changed` marks what differs from the other side. */
export interface DebugSegment { text: string; kind: string; changed: boolean; }
/** The correct sign source beside the one the sender signed (the key shown as ••••••). */
export interface DebugDiff { correct: DebugSegment[]; signed: DebugSegment[]; }
/**
 * One explanation that reproduces the received signature: one mistake or two from different
 * stages. `id` joins the mistakes' ids with `+`; `key-wrong` when no single or paired mistake
 * does (the search covered them all), `search-incomplete` when the budget ran out first.
 */
export interface DebugHint {
  id: string; field: string | null; zh: string; en: string;
  mistakes: DebugMistake[];
  /** For the best explanation only. */
  diff: DebugDiff | null;
}
/** What the search covered: variants run, variants in a complete search, whether it finished. */
export interface DebugCoverage { tried: number; total: number; complete: boolean; }
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
  search: DebugCoverage | null;
}

/** Analyses a pasted message: fields, sign source, expected versus received signature, diagnosis. */
export declare function debugAnalyse(request: DebugRequest): DebugReport;
/** The messages the debugger knows. */
export declare function debugTargets(): { spec: string; label: string }[];
/** A correctly signed sample message of a target, for the page's demo. */
export declare function debugSample(target: string, key: string, tdesKey: string): string;
