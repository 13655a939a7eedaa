/**
 * Calls `target[method]` with arguments its TypeScript signature does not allow, the way
 * JavaScript callers can, to test the errors openvino-node throws for them.
 */
export function callLoosely(target: object, method: string, ...args: unknown[]): unknown {
  const fn = (target as Record<string, unknown>)[method];
  if (typeof fn !== 'function') throw new Error(`no method ${method}`);
  return Reflect.apply(fn, target, args);
}

/** `new Class(...args)` with arguments its TypeScript signature does not allow. */
export function constructLoosely(type: object, ...args: unknown[]): unknown {
  return Reflect.construct(type as new (...values: unknown[]) => unknown, args);
}
