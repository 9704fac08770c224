// Schedulers stop trials early from their reports; one per file.
export { type Scheduler, type TrialResult, type Mode, type StopRecord } from './scheduler';
export { StoppingScheduler, type StopState } from './stopping-scheduler';
export { medianStopping, MedianStopping, type MedianStoppingOptions } from './median-stopping';
export { asha, Asha, type AshaOptions } from './asha';
export { learningCurveStopping, LearningCurveStopping, type LearningCurveOptions } from './learning-curve';
