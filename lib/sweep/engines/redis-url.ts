import IORedis, { type RedisOptions } from 'ioredis';
import { ConfigError, describeValue } from '../../errors';

/** A Redis URL with its password hidden, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^@/]*)@/, '//***@');
  }
}

/**
 * Turns redis://[user:password@]host[:port][/db] or rediss://… (TLS) into ioredis options.
 * @throws ConfigError for anything else.
 */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(`bullmq engine: connection ${describeValue(redactRedisUrl(String(url)))} is not a URL: expected redis://[:password@]host[:port][/db], or rediss://… for TLS.`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new ConfigError(`bullmq engine: connection ${redactRedisUrl(url)} has protocol "${u.protocol}": expected redis:// or rediss:// (TLS).`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new ConfigError(`bullmq engine: connection ${redactRedisUrl(url)} names database "${u.pathname.slice(1)}": expected a number such as /0.`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db,
    ...(u.protocol === 'rediss:' ? { tls: { servername: u.hostname } } : {}),
  };
}

/** The message when Redis cannot be used: names the URL without its password. */
export function redisUnreachableMessage(where: string, url: string, why: string): string {
  return `${where}: cannot use Redis at ${redactRedisUrl(url)}: ${why}. Check that redis-server runs there and that the URL is right: redis://[:password@]host[:port][/db], rediss://… for TLS.`;
}

/**
 * Connects once, with no retries, and pings, so a wrong URL fails at once with a clear message
 * instead of retrying forever.
 * @throws ConfigError naming the URL (password hidden) and the cause.
 */
export async function checkRedis(where: string, url: string, timeoutMs = 5000): Promise<void> {
  const client = new IORedis({ ...redisOptions(url), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let first: Error | undefined; // the socket's own error (ECONNREFUSED…) beats ioredis's "Connection is closed"
  client.on('error', (e: Error) => (first ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const cause = first ?? (e as Error);
    throw new ConfigError(redisUnreachableMessage(where, url, (cause.message || String(cause)).replace(/\.$/, '')), { cause });
  } finally {
    client.disconnect();
  }
}
