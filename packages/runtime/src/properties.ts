import { ArgumentError } from './errors/argument-error.js';

/**
 * OpenVINO properties as key/value pairs, e.g. `{ PERFORMANCE_HINT: 'LATENCY', CACHE_DIR: 'cache',
 * INFERENCE_NUM_THREADS: 4 }`. Numbers and booleans are sent as OpenVINO's string forms
 * (`4`, `YES`/`NO`).
 */
export type PropertyMap = Readonly<Record<string, string | number | boolean>>;

/**
 * Converts a {@link PropertyMap} to string pairs.
 * @throws ArgumentError naming `argument` for anything but an object of strings, numbers, booleans.
 */
export function propertyPairs(config: PropertyMap | undefined, argument = 'config'): [string, string][] {
  if (config === undefined || config === null) return [];
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new ArgumentError(`'${argument}' must be an object such as { PERFORMANCE_HINT: 'LATENCY' }`, {
      argument: argument,
    });
  }
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (typeof value === 'string') pairs.push([key, value]);
    else if (typeof value === 'number' && Number.isFinite(value)) pairs.push([key, String(value)]);
    else if (typeof value === 'boolean') pairs.push([key, value ? 'YES' : 'NO']);
    else {
      throw new ArgumentError(
        `'${argument}.${key}' must be a string, a finite number or a boolean (got ${JSON.stringify(value)})`,
        { argument: `${argument}.${key}` },
      );
    }
  }
  return pairs;
}
