// Continual learning and the stability gap.
export { splitByClass, permutedTasks, rotatedTasks, rotateImage, type Task, type TaskData, type TaskStream, type StreamOptions } from './task-stream';
export { ReservoirMemory } from './reservoir-memory';
export { trainContinual, type ContinualOptions, type ContinualRun, type EvalRow, type Strategy } from './train-continual';
export { accuracyMatrix, averageAccuracy, minAcc, wcAcc, windowedForgetting, windowedPlasticity, backwardTransfer, forgetting, averageForgetting, streamForgetting, continualMetrics, taskBoundaries, type Evaluations, type WindowOptions, type ContinualMetricsOptions } from './continual-metrics';
export { stabilityGapChart, forgettingCurves, type StabilityGapChartOptions } from './continual-charts';
