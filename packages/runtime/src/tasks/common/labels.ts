import { readFile } from 'node:fs/promises';
import { ArgumentError } from '../../errors/argument-error.js';

/** The label TF Hub's 1001-class ImageNet classifiers use for output 0. */
export const BACKGROUND_LABEL = 'background';

/**
 * Parses a labels file: one label per line (LF or CRLF), in output order. Trailing empty lines are
 * dropped; inner empty lines are kept (a class may have an empty name).
 */
export function parseLabels(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines;
}

/**
 * Reads and parses a labels file ({@link parseLabels}).
 * @throws ArgumentError naming `argument` when the file cannot be read or holds no label.
 */
export async function readLabelsFile(file: string, argument = 'labels'): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ArgumentError(`Cannot read the labels file ${file} given as '${argument}': ${(error as Error).message}`, {
      argument: argument,
      cause: error,
    });
  }
  const labels = parseLabels(text);
  if (labels.length === 0) {
    throw new ArgumentError(
      `The labels file ${file} given as '${argument}' holds no label; write one label per line.`,
      { argument: argument },
    );
  }
  return labels;
}

/**
 * Maps output indices of a classifier to labels.
 *
 * - `labels.length === classCount`: label `i` is `labels[i]` (e.g. TF Hub's `ImageNetLabels.txt`,
 *   1001 lines with "background" first, for a 1001-output model).
 * - `labels.length + labelOffset === classCount`: the first `labelOffset` outputs are "background"
 *   and label `i` is `labels[i - labelOffset]` (a 1000-line ImageNet file for a 1001-output model
 *   with `labelOffset: 1`).
 * - no labels: label `i` is `class <i>`.
 *
 * Returned indices are always output indices (653 is "military uniform" for TF Hub's classifiers).
 * @throws ArgumentError when the labels fit neither rule.
 */
export function createLabelLookup(
  labels: readonly string[] | undefined,
  classCount: number,
  labelOffset = 0,
): (index: number) => string {
  if (!Number.isSafeInteger(labelOffset) || labelOffset < 0) {
    throw new ArgumentError(`'labelOffset' must be a non-negative integer (got ${String(labelOffset)})`, {
      argument: 'labelOffset',
    });
  }
  if (labels === undefined) return (index) => `class ${index}`;
  if (labels.length === classCount) return (index) => labels[index] ?? `class ${index}`;
  if (labels.length + labelOffset === classCount) {
    return (index) => (index < labelOffset ? BACKGROUND_LABEL : (labels[index - labelOffset] ?? `class ${index}`));
  }
  throw new ArgumentError(
    `'labels' has ${labels.length} labels but the model has ${classCount} classes (labelOffset ${labelOffset}); pass ${classCount} labels, or ${classCount - labelOffset} with labelOffset ${labelOffset}.`,
    { argument: 'labels' },
  );
}
