// Learning-curve prediction and forgetting curves.
export { CURVE_FAMILIES, FAMILY_NAMES, type CurveFamily, type FamilyName } from './curve-families';
export { paramsByName, namedParams, fromAuthorsOrder, curveValue, type NamedParams } from './family-params';
export { levenbergMarquardt, type LmOptions } from './levenberg-marquardt';
export { fitFamily, fitAllFamilies, fitsTable, type FamilyFit, type FitFamilyOptions } from './fit-curve';
export { extrapolateCurve, summarizeSamples, type Extrapolation, type ExtrapolateOptions } from './extrapolate';
export { mcmcExtrapolate, type McmcOptions, type McmcExtrapolation } from './mcmc-extrapolate';
export { MCMC_MODELS, type McmcModelName } from './mcmc-models';
export { autocorrelationTime, splitRHat, mcmcDiagnostics, MCMC_THRESHOLDS, type McmcDiagnostics } from './mcmc-diagnostics';
export { beatProbability, probabilityToBeat, shouldStopEarly, type BeatProbability } from './early-stopping';
export { vilaresTrace, type VilaresOptions } from './vilares-trace';
export { fitRetention, type RetentionFit } from './retention-curves';
export { samplePriorCurves, type PriorCurve } from './prior-curves';
export { evaluateExtrapolation } from './evaluate-extrapolation';
