// Schedulers stop trials early from their reports; one per file.
export { type Scheduler, type TrialResult, type Mode, type StopRecord } from './scheduler';
