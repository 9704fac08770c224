import type { Handler } from '../kernel-context';

interface CommContent {
  comm_id?: string;
  target_name?: string;
  data?: unknown;
}

/** comm_open: opens a comm to a registered target, or closes it back if the target is unknown. */
export const commOpen: Handler = async (ctx, msg) => {
  const c = msg.content as CommContent;
  if (typeof c.comm_id === 'string' && typeof c.target_name === 'string') ctx.comms.open(c.comm_id, c.target_name, c.data ?? {});
  return undefined;
};

/** comm_msg: passes data to the comm's handler. */
export const commMsg: Handler = async (ctx, msg) => {
  const c = msg.content as CommContent;
  if (typeof c.comm_id === 'string') ctx.comms.message(c.comm_id, c.data ?? {});
  return undefined;
};

/** comm_close: the front end closed a comm. */
export const commClose: Handler = async (ctx, msg) => {
  const c = msg.content as CommContent;
  if (typeof c.comm_id === 'string') ctx.comms.closed(c.comm_id, c.data ?? {});
  return undefined;
};

/** comm_info_request: the open comms, optionally of one target. */
export const commInfo: Handler = async (ctx, msg) => {
  const target = (msg.content as CommContent).target_name;
  const comms: Record<string, { target_name: string }> = {};
  for (const comm of ctx.comms.comms.values()) {
    if (!target || comm.targetName === target) comms[comm.id] = { target_name: comm.targetName };
  }
  return { status: 'ok', comms };
};
