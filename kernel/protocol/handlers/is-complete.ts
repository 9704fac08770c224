import { isComplete as check } from '../../complete/is-complete';
import type { Handler } from '../kernel-context';

/** is_complete_request: complete, incomplete (with indent) or invalid. */
export const isComplete: Handler = async (_ctx, msg) => check(String((msg.content as { code?: unknown }).code ?? ''));
