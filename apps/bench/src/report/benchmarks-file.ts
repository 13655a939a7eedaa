import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Marks the start of the generated part of BENCHMARKS.md. */
export const generatedStart =
  '<!-- bench:results:start (written by `pnpm bench --write`; edit outside these markers) -->';
/** Marks the end of the generated part of BENCHMARKS.md. */
export const generatedEnd = '<!-- bench:results:end -->';

const emptyDocument = `# Benchmarks\n\n${generatedStart}\n${generatedEnd}\n`;

/**
 * Replaces the generated part of a BENCHMARKS.md text (between the markers) with `results`,
 * keeping everything else. A text without markers gets them appended.
 */
export function replaceGeneratedSection(document: string, results: string): string {
  const start = document.indexOf(generatedStart);
  const end = document.indexOf(generatedEnd);
  const block = `${generatedStart}\n${results.trim()}\n${generatedEnd}`;
  if (start === -1 || end === -1 || end < start) {
    return `${document.trimEnd()}\n\n${block}\n`;
  }
  return `${document.slice(0, start)}${block}${document.slice(end + generatedEnd.length)}`;
}

/** Updates `file`'s generated section with `results` atomically (write beside it, then rename). */
export async function writeBenchmarksFile(file: string, results: string): Promise<void> {
  let current = emptyDocument;
  try {
    current = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const staging = join(dirname(file), `.${basename(file)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  await writeFile(staging, replaceGeneratedSection(current, results));
  await rename(staging, file);
}
