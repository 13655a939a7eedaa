import { ArgumentError } from '../../errors/argument-error.js';

/**
 * Checks a style strength: a finite number from 0 (keep the content's own style) to 1 (the style
 * image's style).
 * @throws ArgumentError naming `strength`.
 */
export function checkStyleStrength(strength: unknown): number {
  if (typeof strength !== 'number' || !Number.isFinite(strength) || strength < 0 || strength > 1) {
    throw new ArgumentError(
      `'strength' must be a number from 0 (content's own style) to 1 (full style) (got ${JSON.stringify(strength) ?? String(strength)})`,
      { argument: 'strength' },
    );
  }
  return strength;
}

/**
 * Blends two style bottlenecks the way TensorFlow's TF Lite style-transfer example does:
 * `strength * style + (1 - strength) * content`. Returns a new array.
 * @throws ArgumentError when `strength` is outside [0, 1] or the lengths differ.
 */
export function blendBottlenecks(style: Float32Array, content: Float32Array, strength: number): Float32Array {
  checkStyleStrength(strength);
  if (style.length !== content.length) {
    throw new ArgumentError(
      `Both style bottlenecks must have the same length (style ${style.length}, content ${content.length})`,
      { argument: 'content' },
    );
  }
  const blended = new Float32Array(style.length);
  for (let index = 0; index < style.length; index += 1) {
    blended[index] = strength * (style[index] as number) + (1 - strength) * (content[index] as number);
  }
  return blended;
}
