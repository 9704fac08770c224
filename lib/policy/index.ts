// Learning policies from preferences, measured against worlds whose optimum is known exactly.
export { banditWorld, softmax, type BanditWorld, type BanditWorldOptions } from './bandit-world';
export { cyclicWorld, type CyclicWorldOptions } from './cyclic-world';
export { optimalPolicy, klDivergence } from './optimal-policy';
export { evaluatePolicy, type PolicyMetrics } from './policy-metrics';
export { exploitability, nashEquilibrium, type NashEquilibriumOptions } from './nash-equilibrium';
export { SoftmaxPolicy, softmaxPolicy, type PolicyKind } from './softmax-policy';
export { samplePreferencePairs, type SamplePairsOptions } from './preference-pairs';
export { trainOffline, type TrainOfflineOptions } from './train-offline';
export type { MetricsRow } from './metrics-row';
export { trainRlhf, type TrainRlhfOptions } from './train-rlhf';
export { advantages, ESTIMATORS, type PolicyGradientEstimator } from './advantages';
export { rewardModelData, scoreResponses } from './reward-model-data';
export { trainRejectionSampling, type RejectionSamplingOptions } from './rejection-sampling';
export { onlineIterativeDpo, type OnlineDpoOptions } from './online-dpo';
export { nashMd, mirrorProxNlhf, type NashMirrorOptions } from './nash-md';
export { inpo, dno, type IterativeNashOptions } from './inpo';
export * from './losses/index';
