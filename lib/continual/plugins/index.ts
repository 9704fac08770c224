// Strategies as plugins: thin adapters over the algorithms in lib/continual.
export { replay, type ReplayOptions } from './replay';
export { joint } from './joint';
export { onlineEwc, type OnlineEwcOptions } from './online-ewc';
export { lwf, type LwfOptions } from './lwf';
export { viewBatch, type ViewBatchOptions } from './view-batch';
