import type { Handler } from '../kernel-context';
import { commClose, commInfo, commMsg, commOpen } from './comms';
import { complete } from './complete';
import { execute } from './execute';
import { history } from './history';
import { inspect } from './inspect';
import { isComplete } from './is-complete';
import { kernelInfo } from './kernel-info';
import { shutdown } from './shutdown';

/** Shell requests by msg_type. */
export const SHELL_HANDLERS: Readonly<Record<string, Handler>> = {
  kernel_info_request: kernelInfo,
  execute_request: execute,
  complete_request: complete,
  inspect_request: inspect,
  is_complete_request: isComplete,
  history_request: history,
  comm_info_request: commInfo,
  comm_open: commOpen,
  comm_msg: commMsg,
  comm_close: commClose,
  shutdown_request: shutdown,
};

/** Control requests by msg_type (interrupt_request is answered by the side-channel worker). */
export const CONTROL_HANDLERS: Readonly<Record<string, Handler>> = {
  kernel_info_request: kernelInfo,
  shutdown_request: shutdown,
};
