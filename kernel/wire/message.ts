/** The header every Jupyter message carries (messaging spec 5.3). */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  /** ISO 8601 timestamp. */
  date: string;
  msg_type: string;
  version: string;
}

/** A Jupyter message as it travels between client and kernel. */
export interface JupyterMessage<C = Record<string, unknown>> {
  /** ZeroMQ routing identities that preceded the delimiter (the topic, on iopub). */
  identities: Buffer[];
  header: MessageHeader;
  /** The header of the request this message answers, or {} for none. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

/** The protocol version this kernel implements. */
export const PROTOCOL_VERSION = '5.3';
