// Which signing algorithm a key means. Apart from signature.ts so that `gatebook build` can
// refuse an unusable --signing-key up front without loading the JWS library (jose) before the
// check starts: it is only needed once the bundle is there to sign.

import { createPublicKey, type KeyObject } from 'node:crypto';

export type SignatureAlgorithm = 'RS256' | 'ES256';

/** The algorithm a key implies, or an Error saying which keys are supported. */
export function algorithmForKey(key: KeyObject): SignatureAlgorithm {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') {
    if ((details?.modulusLength ?? 0) < 2048) {
      throw new Error(`the RSA key has ${details?.modulusLength} bits; use at least 2048`);
    }
    return 'RS256';
  }
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'ES256';
  const kind = key.asymmetricKeyType === 'ec' ? `EC ${details?.namedCurve}` : key.asymmetricKeyType;
  throw new Error(`${kind} keys are not supported for bundles; use an RSA key (RS256) or an EC P-256 key (ES256)`);
}

/**
 * Why a PEM cannot be the public key bundles are verified with (RSA ≥ 2048 bits or EC P-256), or
 * null when it can. A private key is refused: createPublicKey() would quietly derive its public
 * half, and a signature check would then blame the bundle for a wrong key file.
 */
export function publicKeyProblem(pem: string): string | null {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) return 'a private key; give the public key (PEM, -----BEGIN PUBLIC KEY-----)';
  try {
    const key = createPublicKey(pem);
    if (key.type !== 'public') return 'not a public key';
    algorithmForKey(key);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
    // OpenSSL's own words (error:1E08010C:DECODER routines::unsupported) say nothing to a user.
    if (/^error:|DECODER|PEM|asn1|unsupported$/i.test(message) && !/not supported for bundles/.test(message)) {
      return 'not a PEM public key (expected -----BEGIN PUBLIC KEY-----, an RSA public key or a certificate)';
    }
    return message;
  }
}
