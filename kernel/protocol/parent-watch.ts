// A kernel whose client died (a crashed notebook server, a killed script) would run on with
// nobody to talk to, holding its memory (or a core, in a busy cell). jupyter_client names itself
// in JPY_PARENT_PID; as ipykernel does, the kernel ends once that process is no longer its
// parent. Watched from the side-channel worker, once a second: the dying parent sends us
// nothing, and a check is a getppid().

/** How often the parent is checked, ms. */
const EVERY_MS = 1000;

/**
 * Calls `onGone` once when the process that started the kernel has exited (the kernel has been
 * reparented). Does nothing when JPY_PARENT_PID is absent or names another process than the
 * parent (the kernel started through a wrapper that stays, or by hand).
 * @returns the timer (unref'd), or undefined when there is nothing to watch.
 */
export function watchParent(onGone: (pid: number) => void, env: NodeJS.ProcessEnv = process.env): NodeJS.Timeout | undefined {
  const pid = Number(env.JPY_PARENT_PID);
  if (!Number.isInteger(pid) || pid <= 0 || process.ppid !== pid) return undefined;
  const timer = setInterval(() => {
    if (process.ppid === pid) return;
    clearInterval(timer);
    onGone(pid);
  }, EVERY_MS);
  timer.unref();
  return timer;
}
