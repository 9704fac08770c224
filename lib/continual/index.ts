// Continual learning and the stability gap.
export { splitByClass, permutedTasks, rotatedTasks, rotateImage, type Task, type TaskData, type TaskStream, type StreamOptions } from './task-stream';
export { ReservoirMemory } from './reservoir-memory';
export { trainContinual, type ContinualOptions, type ContinualRun, type EvalRow } from './train-continual';
export { type Strategy } from './strategy-spec';
export { type StrategyPlugin, type StrategyHooks, type ContinualContext, type LossContext, type StepResult, type ExampleRef, type GatheredBatch, type WeightedBatch, type LossTerm } from './strategy-plugin';
export { replay, joint, onlineEwc, lwf, viewBatch, type ReplayOptions, type OnlineEwcOptions, type LwfOptions, type ViewBatchOptions } from './plugins/index';
export { OnlineEwc } from './online-ewc';
export { distillationLoss } from './distillation';
export { viewBatchRefs, shiftImage } from './view-batch';
export { accuracyMatrix, averageAccuracy, minAcc, wcAcc, windowedForgetting, windowedPlasticity, backwardTransfer, forgetting, averageForgetting, streamForgetting, continualMetrics, taskBoundaries, type Evaluations, type WindowOptions, type ContinualMetricsOptions } from './continual-metrics';
export { stabilityGapChart, forgettingCurves, type StabilityGapChartOptions } from './continual-charts';
export { liveStabilityGap, type LiveStabilityGap, type LiveStabilityGapOptions } from './live-stability-gap';
export { parseEvaluations, readEvaluations, type ReadEvaluationsOptions, type EvaluationColumns } from './read-evaluations';
export { metricsByRun, meanOverSeeds, formatMeanSd, meanCurveOverSeeds } from './metrics-over-seeds';
