// Preference losses: one per file, one union, one switch.
export { type PreferenceBatch, logRatioMargin } from './preference-batch';
export { dpoLoss, type DpoLoss } from './dpo';
export { ipoLoss, type IpoLoss } from './ipo';
export { hingeLoss, type HingeLoss } from './hinge';
export { conservativeDpoLoss, type ConservativeDpoLoss } from './conservative-dpo';
export { robustDpoLoss, type RobustDpoLoss } from './robust-dpo';
export { simpoLoss, type SimpoLoss } from './simpo';
export { ktoLoss, type KtoLoss } from './kto';
export { parsePreferenceLoss, preferenceLoss, lossLabel, LOSS_KINDS, type PreferenceLoss, type CustomLoss } from './preference-loss';
