import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from '../backend/wasm-heap';

/**
 * The registered variable of a gradient, ready to be updated in place on the wasm heap: a
 * variable that shares its memory with another tensor (after `assign` or `clone`) gets its own
 * copy first, so that writing it changes nothing else.
 * @throws Error when no variable has that name.
 */
export function ownedVariable(backend: WasmBackendLike, name: string, who: string): tf.Variable {
  const variable = tf.engine().registeredVariables[name];
  if (!variable) throw new Error(`${who}: no variable named ${name}`);
  if (backend.refCount(variable.dataId) > 1) {
    const own = tf.clone(variable);
    variable.assign(own);
    own.dispose();
  }
  return variable;
}

/** A zero tensor shaped like `variable`, kept out of any enclosing `tf.tidy` (optimizer state). */
export function zeroSlot(variable: tf.Tensor): tf.Tensor {
  return tf.keep(tf.zerosLike(variable));
}
