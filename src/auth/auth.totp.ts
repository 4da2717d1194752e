import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import QRCode from 'qrcode';
import { constantTimeEqual, sha256Hex } from './auth.crypto.js';

// TOTP (RFC 6238) as every authenticator app reads it: SHA-1, 6 digits, 30-second steps.
export const totpPeriodSeconds = 30;
const digits = 6;
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how the secret is shown to be typed into an app. */
export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0, value = 0, out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) { out += alphabet[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

export function decodeBase32(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const out: number[] = [];
  let bits = 0, value = 0;
  for (const ch of clean) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error('not base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Uint8Array.from(out);
}

/** A new 160-bit TOTP key (RFC 4226's recommended length). */
export const newTotpKey = () => new Uint8Array(randomBytes(20));

export const timeStep = (nowMs: number) => Math.floor(nowMs / 1000 / totpPeriodSeconds);

/** The code of `step` (tests and the e2e helper compute codes with it too). */
export const totpAt = (key: Uint8Array, step: number) => generateHOTP(key, BigInt(step), digits);

/**
 * The time step `code` belongs to, or null. One step either side is accepted (clock drift, a code typed as it
 * turned); the caller accepts a step only once (two-factor.store.ts, `last_used_step`).
 */
export function matchingStep(key: Uint8Array, code: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = timeStep(nowMs);
  for (const step of [now - 1, now, now + 1]) if (constantTimeEqual(totpAt(key, step), code)) return step;
  return null;
}

export const totpUri = (key: Uint8Array, accountName: string) => createTOTPKeyURI('Kaifang', accountName, key, totpPeriodSeconds, digits);

/** The enrolment QR code as an SVG document, drawn here: the secret never leaves the portal. */
export const qrSvg = async (uri: string) => await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

/*
 * The secret at rest: AES-256-GCM under a key derived (HKDF) from the portal secret, with the user id as associated
 * data so a sealed secret copied onto another account does not open. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export function sealSecret(key: Buffer, userId: string, secret: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function openSecret(key: Buffer, userId: string, sealed: string): Uint8Array {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('unreadable TOTP secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]));
}

/*
 * Recovery codes: 80 random bits each, shown as four groups of four base32 letters. Kept as a plain SHA-256: at
 * 80 bits nobody can search the space offline, so a slow hash (argon2, as passwords need) adds nothing but a slow
 * sign-in, and a fast hash lets the code be found by its hash in one indexed read.
 */
export const recoveryCodeCount = 10;
export const newRecoveryCode = () => encodeBase32(randomBytes(10)).toLowerCase().match(/.{4}/g)!.join('-');
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z2-7]/g, '');
export const recoveryCodeHash = (code: string) => sha256Hex(normaliseRecoveryCode(code));
export const looksLikeRecoveryCode = (code: string) => normaliseRecoveryCode(code).length === 16;
