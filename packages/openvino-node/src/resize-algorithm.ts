/** openvino-node's `resizeAlgorithm` enum (also `preprocess.resizeAlgorithm`): values are the names. */
export const resizeAlgorithm = Object.freeze({
  RESIZE_NEAREST: 'RESIZE_NEAREST',
  RESIZE_CUBIC: 'RESIZE_CUBIC',
  RESIZE_LINEAR: 'RESIZE_LINEAR',
} as const);

/** openvino-node's resize algorithm names. */
export type resizeAlgorithm = (typeof resizeAlgorithm)[keyof typeof resizeAlgorithm];

/** The runtime's name for a resize algorithm, or undefined for an unknown one. */
export function runtimeResizeAlgorithm(value: unknown): 'linear' | 'cubic' | 'nearest' | undefined {
  switch (value) {
    case 'RESIZE_LINEAR':
      return 'linear';
    case 'RESIZE_CUBIC':
      return 'cubic';
    case 'RESIZE_NEAREST':
      return 'nearest';
    default:
      return undefined;
  }
}
