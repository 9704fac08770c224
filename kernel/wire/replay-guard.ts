/** Remembers recent signatures so that a replayed message is refused (as jupyter_client does). */
export class ReplayGuard {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];

  /** @param capacity - how many signatures to remember. */
  constructor(private readonly capacity = 65536) {}

  /** Records `signature`; returns false if it was already seen. */
  admit(signature: string): boolean {
    if (signature === '') return true;
    if (this.seen.has(signature)) return false;
    this.seen.add(signature);
    this.order.push(signature);
    if (this.order.length > this.capacity) this.seen.delete(this.order.shift()!);
    return true;
  }
}
