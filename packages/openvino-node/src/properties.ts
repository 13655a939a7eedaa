import { OpenVinoNodeError } from './errors/openvino-node-error.js';

/** openvino-node's property value type. */
export type OVAny = string | number | boolean;

/** True for a plain object (not null, not an array, not a typed array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof ArrayBuffer)
  );
}

/**
 * Checks a property object and returns it with OpenVINO-convertible values (strings, finite
 * numbers, booleans).
 * @throws like openvino-node (`Cannot convert to ov::Any`) for other values.
 */
export function propertyMap(config: Record<string, unknown>): Record<string, OVAny> {
  const result: Record<string, OVAny> = {};
  for (const [key, value] of Object.entries(config)) {
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      result[key] = value;
    } else {
      throw new OpenVinoNodeError(
        `Cannot convert to ov::Any: property '${key}' must be a string, a number or a boolean (got ${Array.isArray(value) ? 'an array' : typeof value}).`,
      );
    }
  }
  return result;
}

/** Properties whose value OpenVINO's C API prints as a space-separated list. */
const listProperties = new Set([
  'SUPPORTED_PROPERTIES',
  'SUPPORTED_METRICS',
  'SUPPORTED_CONFIG_KEYS',
  'AVAILABLE_DEVICES',
  'OPTIMIZATION_CAPABILITIES',
  'CACHING_PROPERTIES',
  'DEVICE_ARCHITECTURE_LIST',
  'EXECUTION_DEVICES',
  'RANGE_FOR_ASYNC_INFER_REQUESTS',
  'RANGE_FOR_STREAMS',
]);

/**
 * Turns the string form the C API returns into openvino-node's typed value: lists become arrays,
 * integers and decimals numbers, `true`/`false`/`YES`/`NO` booleans; anything else stays a string.
 */
export function decodeProperty(key: string, value: string): OVAny | OVAny[] {
  if (listProperties.has(key)) {
    const items = value.split(/[\s,]+/).filter(Boolean);
    return items.map((item) => (/^-?\d+$/.test(item) ? Number(item) : item));
  }
  if (/^-?\d+(\.\d+)?$/.test(value) && Number.isFinite(Number(value))) return Number(value);
  if (value === 'true' || value === 'YES') return true;
  if (value === 'false' || value === 'NO') return false;
  return value;
}
