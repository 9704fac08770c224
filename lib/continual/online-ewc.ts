import * as tf from '@tensorflow/tfjs';
import type { ContinualContext } from './strategy-plugin';

/**
 * Online EWC's state (Kirkpatrick et al. 2017; Schwarz et al. 2018): the diagonal empirical Fisher
 * summed over the tasks so far and the weights at the end of the last task. The penalty
 * (λ/2)·Σ F·(θ − θ*)² pulls the weights toward θ* where the Fisher says they matter.
 */
export class OnlineEwc {
  private fisher: tf.Tensor[] | undefined;
  private anchor: tf.Tensor[] | undefined;

  /**
   * @param lambda - weight of the penalty.
   * @param samples - examples per Fisher estimate, in mini-batches of 25.
   */
  constructor(readonly lambda: number, readonly samples: number) {}

  /** Adds task `ctx.task`'s Fisher to the sum and moves the anchor to the current weights. */
  update(ctx: ContinualContext): void {
    const f = this.estimateFisher(ctx);
    tf.dispose(this.anchor ?? []);
    this.anchor = ctx.model.trainableWeights.map((w) => (w.read() as tf.Tensor).clone());
    if (this.fisher) {
      const summed = this.fisher.map((old, i) => tf.add(old, f[i]));
      tf.dispose([...this.fisher, ...f]);
      this.fisher = summed;
    } else {
      this.fisher = f;
    }
  }

  /** True once a task has ended (there is a Fisher and an anchor). */
  get ready(): boolean {
    return this.fisher !== undefined;
  }

  /** (λ/2)·Σ F·(θ − θ*)², or undefined before the first task ends. */
  penalty(weights: tf.Tensor[]): tf.Scalar | undefined {
    const { fisher, anchor } = this;
    if (!fisher || !anchor) return undefined;
    const sum = tf.addN(weights.map((w, i) => tf.sum(tf.mul(fisher[i], tf.square(tf.sub(w, anchor[i]))))));
    return tf.mul(this.lambda / 2, sum) as tf.Scalar;
  }

  dispose(): void {
    tf.dispose([...(this.fisher ?? []), ...(this.anchor ?? [])]);
    this.fisher = this.anchor = undefined;
  }

  // Diagonal empirical Fisher from mini-batches of 25 (squared batch gradients × 25 / samples).
  private estimateFisher(ctx: ContinualContext): tf.Tensor[] {
    const chunk = 25;
    const { model, stream } = ctx;
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const acc: tf.Tensor[] = vars.map((v) => tf.zerosLike(v as tf.Tensor));
    for (let done = 0; done < this.samples; done += chunk) {
      const { x, y, mask } = ctx.gather(ctx.sample([ctx.task], chunk));
      const { value, grads } = tf.variableGrads(() => {
        const logits = tf.add(model.apply(x, { training: true }) as tf.Tensor2D, mask);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(y, stream.classes), logits) as tf.Scalar;
      }, vars);
      value.dispose();
      vars.forEach((v, i) => {
        const next = tf.add(acc[i], tf.mul(tf.square(grads[v.name]), chunk / this.samples));
        acc[i].dispose();
        acc[i] = next;
      });
      tf.dispose([x, y, mask, ...Object.values(grads)]);
    }
    return acc;
  }
}
