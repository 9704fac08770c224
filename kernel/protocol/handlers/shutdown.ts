import type { Handler } from '../kernel-context';

/** shutdown_request: reply, then exit (the client restarts the process when restart is true). */
export const shutdown: Handler = async (ctx, msg) => {
  const restart = (msg.content as { restart?: unknown }).restart === true;
  ctx.shutdown(restart);
  return { status: 'ok', restart };
};
