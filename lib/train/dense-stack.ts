import * as tf from '@tensorflow/tfjs';

/** One dense layer's variables and whether ReLU follows it. */
export interface DenseLayerParams {
  kernel: tf.Variable;
  bias?: tf.Variable;
  relu: boolean;
}

/** What {@link denseForward} keeps for the backward pass: each layer's input and output. */
export interface DenseActivations {
  inputs: tf.Tensor2D[];
  outputs: tf.Tensor2D[];
}

/**
 * The layers of a network made only of Dense layers with ReLU or linear activations and no
 * regularisers or constraints (what `mlp()` builds), or undefined for any other network.
 * Such a network can be trained with hand-written gradients ({@link denseBackward}): about a
 * third of the kernels the gradient tape runs, which is most of a small model's step time.
 * @example
 * denseStack(mlp({ inputDim: 4, hidden: [8], outputDim: 1 }))?.length // 2
 */
export function denseStack(network: tf.Sequential): DenseLayerParams[] | undefined {
  const out: DenseLayerParams[] = [];
  for (const layer of network.layers) {
    if (layer.getClassName() !== 'Dense') return undefined;
    const c = layer.getConfig() as { activation?: string; useBias?: boolean; kernelRegularizer?: unknown; biasRegularizer?: unknown; activityRegularizer?: unknown; kernelConstraint?: unknown; biasConstraint?: unknown };
    if (c.activation !== 'relu' && c.activation !== 'linear') return undefined;
    if (c.kernelRegularizer || c.biasRegularizer || c.activityRegularizer || c.kernelConstraint || c.biasConstraint) return undefined;
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    if (weights.length !== (c.useBias ? 2 : 1) || weights[0].rank !== 2) return undefined;
    out.push({ kernel: weights[0], bias: c.useBias ? weights[1] : undefined, relu: c.activation === 'relu' });
  }
  return out.length > 0 ? out : undefined;
}

/**
 * The forward pass of a dense stack, keeping what the backward pass needs. Runs outside any
 * gradient tape, so each layer is one fused kernel (product, bias, ReLU).
 * @returns the output and the activations (dispose them after {@link denseBackward}).
 * @example
 * const { output, activations } = denseForward(denseStack(model)!, x);
 */
export function denseForward(stack: DenseLayerParams[], x: tf.Tensor2D): { output: tf.Tensor2D; activations: DenseActivations } {
  const inputs: tf.Tensor2D[] = [];
  const outputs: tf.Tensor2D[] = [];
  let h = x;
  for (const layer of stack) {
    inputs.push(h);
    h = tf.fused.matMul({ a: h, b: layer.kernel as tf.Tensor2D, bias: layer.bias, activation: layer.relu ? 'relu' : 'linear' }) as tf.Tensor2D;
    outputs.push(h);
  }
  return { output: h, activations: { inputs, outputs } };
}

/**
 * Gradients of a loss with respect to every variable of a dense stack, from the gradient of
 * the loss with respect to the stack's output.
 * @param dOutput - dLoss/dOutput, the shape of the output.
 * @returns gradients by variable name, as `tf.variableGrads` returns them.
 * @example
 * const grads = denseBackward(stack, activations, dOutput); optimizer.applyGradients(grads);
 */
export function denseBackward(stack: DenseLayerParams[], activations: DenseActivations, dOutput: tf.Tensor2D): Record<string, tf.Tensor> {
  return tf.tidy(() => {
    const grads: Record<string, tf.Tensor> = {};
    let g = dOutput;
    for (let i = stack.length - 1; i >= 0; i--) {
      const layer = stack[i];
      // ReLU passes the gradient where its output is positive (where its input was).
      if (layer.relu) g = tf.mul(g, tf.step(activations.outputs[i]));
      grads[layer.kernel.name] = tf.matMul(activations.inputs[i], g, true, false);
      if (layer.bias) grads[layer.bias.name] = tf.sum(g, 0);
      if (i > 0) g = tf.matMul(g, layer.kernel, false, true);
    }
    return grads;
  });
}
