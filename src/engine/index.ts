/**
 * The engine's public surface: pure, DOM-free, deterministic float64 math.
 * The worker, the tests and the benchmarks import from here only.
 */
export * from './types';
export { createMLP, validateSpec, MAX_PARAMETERS, MAX_BATCH_VALUES, MAX_INIT_SCALE } from './mlp';
export { createOptimizer, normalizeOptimizerConfig } from './optimizers';
export {
  gradientCheck,
  gradientCheckVerdict,
  layerVerdict,
  resultVerdict,
  type GradientCheckVerdict,
  GRADIENT_CHECK_GOOD,
  GRADIENT_CHECK_SUSPICIOUS,
  KINK_EXPLANATION,
  KINK_RETRIES,
  ROUNDING_EXPLANATION,
  ROUNDING_NOISE_FACTOR,
} from './gradientCheck';
export { ACTIVATION_FNS, activationFns, sigmoid, LEAKY_SLOPE, type ActivationFns } from './activations';
export { LOSS_FNS, lossFns, type LossFns } from './losses';
export { createRng, shuffleInPlace, type Rng, type RngState } from './random';
export { gemm, sumRows, assertShape } from './tensor';
export * from './datasets';
export * from './csv';
export * from './features';
export * from './batcher';
