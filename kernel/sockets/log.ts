// The kernel's own log goes to the real stderr (the Jupyter server's log), never into a cell.
const write = process.stderr.write.bind(process.stderr);

/** Logs one line from the kernel itself. */
export function log(message: string): void {
  write(`[feedbacklab] ${message}\n`);
}
