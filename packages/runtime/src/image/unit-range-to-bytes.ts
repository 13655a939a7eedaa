/**
 * Turns floats in [0, 1] (e.g. a sigmoid image output) into bytes: `round(255 * x)`, values
 * outside [0, 1] and NaN clamped to 0..255 (NaN -> 0).
 */
export function unitRangeToBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let index = 0; index < values.length; index += 1) {
    const scaled = (values[index] as number) * 255 + 0.5;
    // Uint8Array stores wrap modulo 256, so clamp first; NaN stays NaN and is stored as 0.
    bytes[index] = Math.min(255, Math.max(scaled, 0));
  }
  return bytes;
}
