// Reward modeling from pairwise preferences.
export { simulatePreferences, sampleItem, makeTrueReward, preferenceProbability, type Annotator, type PreferenceData, type SimulatePreferencesOptions, type TrueRewardKind } from './simulate-preferences';
export { bradleyTerryLoss, preferenceMarginLoss, type BradleyTerryLossOptions } from './bradley-terry-loss';
export { RewardModel, PairwisePreferenceModel, rewardModel, pairwisePreferenceModel, type PairModel, type PairNetworkOptions } from './pair-model';
export { trainPairModel, type TrainPairModelOptions } from './train-pair-model';
export { bradleyTerryStep, type PairBatch } from './bradley-terry-step';
export { evaluatePairModel, pairProbabilities, reliability, type PreferenceMetrics } from './evaluate-rewards';
export { trainRewardEnsemble, ensembleDisagreement, accuracyVsCoverage, type TrainEnsembleOptions } from './ensemble';
export { bestOfN, type BestOfNOptions } from './best-of-n';
export { iterativeRewardLoop, type IterativeLoopOptions } from './iterative-loop';
export { rockPaperScissors, rpsProbability, RPS_TYPES, type RockPaperScissorsOptions } from './intransitive-preferences';
export { readPreferences, writePreferences } from './preference-files';
