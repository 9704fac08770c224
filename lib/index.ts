// The public API of feedbacklab: what notebooks import. Only re-exports live here.

// errors
export { FeedbacklabError, ShapeError, DataFormatError, ConfigError, NumericError } from './errors';

// backends and seeding
import { quietCpuBanner } from './backend/quiet-cpu-banner';
quietCpuBanner();
export { predictBackend } from './backend/predict-backend';
export { selectBackend, backendReport, backendFromEnv, type SelectBackendOptions } from './backend/select-backend';
export { BackendReport, BACKEND_ORDER, type BackendName, type SkippedBackend } from './backend/backend-report';
export { rng, normal, permutation, shuffledBatches, type Rng } from './util/random';

// display
export { display, clearOutput, type DisplayHandle } from './display/display';
export { DISPLAY, isDisplayable, type Displayable, type MimeBundle } from './display/mime-bundle';
export { toBundle } from './display/to-bundle';
export { quiet, isQuiet, QUIET } from './display/quiet';

// progress bars (lib/display)
export { progressBar, type ProgressBar, type ProgressBarOptions, type ProgressExtra, type ProgressTarget } from './display/progress-bar';
export { type ProgressState } from './display/progress-render';

// tables
export { tableBundle, shapeText, type TableBundleOptions } from './table/table-bundle';

// charts
export { Chart, chart, type VegaLiteSpec } from './plot/chart';
export { lineChart, type LineChartOptions, type Rule } from './plot/line-chart';
export { type XScaleType } from './plot/line-axes';
export { heatmap, type HeatmapOptions } from './plot/heatmap';
export { histogram, type HistogramOptions } from './plot/histogram';
export { scatterChart, type ScatterChartOptions } from './plot/scatter-chart';
export { show, liveChart, type LiveChart, type LiveChartOptions } from './plot/show';
export { save } from './plot/save';
export { toSvg, svgToPng, chartBundle } from './plot/render';
export { bandOverSeeds, type BandOverSeedsOptions, type BandRow, type BandKind } from './plot/band-over-seeds';

// training
export { mlp, type MlpOptions } from './train/mlp';
export { fit, type FitOptions, type EpochLogs } from './train/fit';
export { checkTrainingInputs } from './train/check-training-inputs';
export { longHistory } from './train/long-history';
export { denseStack, denseForward, denseBackward, type DenseLayerParams, type DenseActivations } from './train/dense-stack';
export { softmaxCrossEntropyStep } from './train/classifier-step';
export { adam, type MinimizingOptimizer } from './train/fused-adam';
export { sgd, type SgdOptions } from './train/fused-sgd';
export { denseTrainer, type DenseTrainer } from './train/native-dense-step';

// data
export { spirals, type SpiralsOptions } from './data/spirals';

// reward modeling
export * from './reward/index';

// continual learning
export * from './continual/index';

// data sets
export { loadIdxDataset, parseIdx, readIdx, encodeIdx, type IdxArray, type ImageDataset } from './data/idx';
export { loadFashionMnist, FASHION_MNIST_CLASSES, DEBIAN_FASHION_MNIST, FASHION_MNIST_SUBSET } from './data/fashion-mnist';

// learning curves
export * from './curves/index';

// sweeps
export * from './sweep/index';

// policy learning
export * from './policy/index';
