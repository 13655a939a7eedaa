import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../errors/argument-error.js';
import { createLabelLookup, parseLabels, readLabelsFile } from './labels.js';

const imageNetLabels = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../../../shared/labels/ImageNetLabels.txt',
);

describe('labels', () => {
  it('parses LF and CRLF files and drops trailing empty lines', () => {
    expect(parseLabels('a\r\nb\nc\n\n')).toEqual(['a', 'b', 'c']);
    expect(parseLabels('\uFEFFx\n')).toEqual(['x']);
  });

  it("reads TF Hub's ImageNetLabels.txt: 1001 labels, background at 0, military uniform at 653", async () => {
    const labels = await readLabelsFile(imageNetLabels);
    expect(labels).toHaveLength(1001);
    const lookup = createLabelLookup(labels, 1001, 1);
    expect(lookup(0)).toBe('background');
    expect(lookup(653)).toBe('military uniform');
    expect(lookup(1000)).toBe('toilet tissue');
  });

  it('shifts a 1000-label file by labelOffset 1 so index 0 is background', async () => {
    const labels = (await readLabelsFile(imageNetLabels)).slice(1);
    const lookup = createLabelLookup(labels, 1001, 1);
    expect(lookup(0)).toBe('background');
    expect(lookup(653)).toBe('military uniform');
  });

  it('names classes by index without labels', () => {
    expect(createLabelLookup(undefined, 10)(3)).toBe('class 3');
  });

  it('rejects labels that do not fit the class count with ArgumentError', () => {
    expect(() => createLabelLookup(['a', 'b'], 5, 1)).toThrow(ArgumentError);
    expect(() => createLabelLookup(['a', 'b'], 5, 1)).toThrow(/2 labels but the model has 5 classes/);
  });

  it('rejects a missing or empty labels file naming it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'hubvino-labels-'));
    try {
      const empty = join(directory, 'labels.txt');
      await writeFile(empty, '\n\n');
      await expect(readLabelsFile(empty)).rejects.toThrow(/holds no label/);
      await expect(readLabelsFile(join(directory, 'missing.txt'))).rejects.toMatchObject({ argument: 'labels' });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
