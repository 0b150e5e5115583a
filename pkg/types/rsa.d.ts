
// paysign/rsa: the lean module plus CMPay signType=RSA. Its `Cmpay` takes `privateKey` and
// `serverCert` (PEM or bare base64: PKCS#1, PKCS#8, SPKI or an X.509 certificate).

/** What an RSA key text is. */
export declare function inspectRsaKey(key: string): CmpayKeyInfo;
/** Whether a private key and a public key (or certificate) belong together. */
export declare function rsaKeysMatch(privateKey: string, publicKey: string): boolean;
