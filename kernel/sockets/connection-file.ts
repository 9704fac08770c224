import { readFileSync } from 'node:fs';

/** The connection file Jupyter writes for a kernel. */
export interface ConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  shell_port: number;
  control_port: number;
  stdin_port: number;
  iopub_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

/** Reads and checks a connection file; errors name the file and the field. */
export function readConnectionFile(path: string): ConnectionInfo {
  let info: ConnectionInfo;
  try {
    info = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`feedbacklab kernel: cannot read connection file ${path}: ${(e as Error).message}`, { cause: e });
  }
  for (const port of ['shell_port', 'control_port', 'stdin_port', 'iopub_port', 'hb_port'] as const) {
    if (!Number.isInteger(info[port])) throw new Error(`feedbacklab kernel: connection file ${path}: ${port} is ${JSON.stringify(info[port])}: expected an integer port.`);
  }
  info.transport ??= 'tcp';
  info.key ??= '';
  info.signature_scheme ??= 'hmac-sha256';
  if (info.key !== '' && info.signature_scheme !== 'hmac-sha256') {
    throw new Error(`feedbacklab kernel: connection file ${path}: signature_scheme ${JSON.stringify(info.signature_scheme)} is not supported: expected "hmac-sha256".`);
  }
  return info;
}

/** The ZeroMQ address of one channel. */
export function channelAddress(info: ConnectionInfo, port: number): string {
  return info.transport === 'ipc' ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}
