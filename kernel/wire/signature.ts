import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 of the four JSON frames (header, parent header, metadata, content), hex encoded,
 * as the Jupyter wire protocol specifies. An empty key disables signing (signature "").
 */
export function sign(key: string, frames: readonly Buffer[]): string {
  if (key === '') return '';
  const hmac = createHmac('sha256', key);
  for (const f of frames) hmac.update(f);
  return hmac.digest('hex');
}

/** Constant-time check of a received signature; never reveals the expected digest. */
export function verify(key: string, signature: string, frames: readonly Buffer[]): boolean {
  if (key === '') return true;
  const expected = Buffer.from(sign(key, frames), 'utf8');
  const got = Buffer.from(signature, 'utf8');
  return got.length === expected.length && timingSafeEqual(got, expected);
}
