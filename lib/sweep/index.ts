// Sweeps: many trials at once on local threads or remote workers, recorded, with early stopping.
export { sweep, SweepInterrupted, type SweepOptions } from './sweep';
export { grid, choice, uniform, logUniform, seeds, expandSpace, type Space, type Domain, type ConfigValue, type TrialConfig } from './space';
export { type SweepResults } from './results';
export { reportBands, type ReportBandsOptions } from './report-bands';
export { type TrialRecord, type TrialStatus } from './records';
export { type SweepProgress, type ProgressView } from './progress';
export { type Engine, type EngineEvent, type TrialJob, type Decision } from './engine';
export { type EngineOptions } from './create-engine';
export { LocalThreadsEngine, type LocalEngineOptions } from './engines/local-threads';
export { type BullmqEngineOptions } from './engines/bullmq';
export { TrialStopped, type TrialContext } from './engines/run-trial';
export { type TrialRef, type TrialSpec } from './trial-spec';
export { configHash } from './config-hash';
export * from './schedulers/index';
