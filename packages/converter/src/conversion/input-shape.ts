import { ArgumentError } from '@hubvino/runtime';
import type { ManifestPort } from '@hubvino/runtime/artifact';

/** One input's shape as the user wrote it: -1 for a dynamic dimension. */
export interface InputShapeSpec {
  /** Input name, for `name[1,2,3]`; otherwise matched by position. */
  name?: string;
  dims: number[];
}

function parseDims(text: string, original: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => part === '')) throw invalid(original);
  return parts.map((part) => {
    if (part === '?' || part === '-1') return -1;
    if (!/^[1-9][0-9]*$/.test(part)) throw invalid(original);
    return Number(part);
  });
}

function invalid(original: string): ArgumentError {
  return new ArgumentError(
    `'inputShape' must look like 1,224,224,3 (one input) or [1,384,384,3],[1,1,1,100] or name[1,224,224,3] ('?' or -1 for a dynamic dimension); got ${JSON.stringify(original)}`,
    { argument: 'inputShape' },
  );
}

/** Parses `--input-shape`: `1,224,224,3`, `[1,384,384,3],[1,1,1,100]` or `name[1,2],other[3]`. */
export function parseInputShape(text: string): InputShapeSpec[] {
  const trimmed = text.trim();
  if (!trimmed.includes('[')) return [{ dims: parseDims(trimmed.replace(/^\(|\)$/g, ''), text) }];
  const specs: InputShapeSpec[] = [];
  const pattern = /\s*([^[\],]*)\[([^\]]*)\]\s*(,|$)/y;
  let position = 0;
  while (position < trimmed.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(trimmed);
    if (!match) throw invalid(text);
    const name = (match[1] as string).trim();
    specs.push({ ...(name ? { name } : {}), dims: parseDims(match[2] as string, text) });
    position = pattern.lastIndex;
  }
  return specs;
}

function describeShape(shape: readonly number[]): string {
  return `[${shape.map((dimension) => (dimension < 0 ? '?' : String(dimension))).join(',')}]`;
}

/** The shapes to convert with, and the `--input` argument for ovc (undefined: keep the model's). */
export interface ShapePlan {
  /** Shape of each source input after conversion (-1 = still dynamic), in input order. */
  shapes: number[][];
  /** The `--input` value for ovc, or undefined when the source shapes are kept. */
  ovcInput: string | undefined;
}

/**
 * Decides the converted input shapes: the user's `--input-shape` (checked against the source: same
 * rank, same static dimensions), else the source's with a dynamic batch set to 1 unless
 * `keepDynamicBatch`.
 * @throws ArgumentError naming `--input-shape` when it does not fit the model.
 */
export function planInputShapes(
  inputs: readonly ManifestPort[],
  requested: InputShapeSpec[] | undefined,
  keepDynamicBatch: boolean,
): ShapePlan {
  if (requested && requested.length > 0) {
    if (requested.some((spec) => spec.name) && requested.some((spec) => !spec.name)) {
      throw new ArgumentError(`'inputShape' must name all inputs or none`, { argument: 'inputShape' });
    }
    const byName = requested.every((spec) => spec.name);
    if (!byName && requested.length !== inputs.length) {
      throw new ArgumentError(
        `'inputShape' gives ${requested.length} shape(s) but the model has ${inputs.length} input(s): ${inputs.map((input) => `${input.name} ${describeShape(input.shape)}`).join(', ')}`,
        { argument: 'inputShape' },
      );
    }
    const shapes = inputs.map((input, index) => {
      const spec = byName ? requested.find((candidate) => candidate.name === input.name) : requested[index];
      if (!spec) return [...input.shape];
      const fits =
        input.shape.length === 0 ||
        (spec.dims.length === input.shape.length &&
          spec.dims.every((dimension, axis) => {
            const source = input.shape[axis] as number;
            return source < 0 || dimension < 0 || source === dimension;
          }));
      if (!fits) {
        throw new ArgumentError(
          `'inputShape' ${describeShape(spec.dims)} does not fit input '${input.name}' ${describeShape(input.shape)} (rank and fixed dimensions must match); pass a shape like ${describeShape(input.shape.map((dimension, axis) => (dimension < 0 ? (axis === 0 ? 1 : 224) : dimension)))}`,
          { argument: 'inputShape' },
        );
      }
      return [...spec.dims];
    });
    if (byName) {
      for (const spec of requested) {
        if (!inputs.some((input) => input.name === spec.name)) {
          throw new ArgumentError(
            `'inputShape' names input '${spec.name}', but the model's inputs are ${inputs.map((input) => `'${input.name}'`).join(', ')}`,
            { argument: 'inputShape' },
          );
        }
      }
    }
    return { shapes, ovcInput: shapes.map(describeShape).join(',') };
  }
  let changed = false;
  const shapes = inputs.map((input) => {
    const shape = [...input.shape];
    if (!keepDynamicBatch && shape.length > 0 && shape[0] === -1) {
      shape[0] = 1;
      changed = true;
    }
    return shape;
  });
  return { shapes, ovcInput: changed ? shapes.map(describeShape).join(',') : undefined };
}
