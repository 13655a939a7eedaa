import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const source = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every module `file` imports, transitively, within src/ (relative imports only). */
function importGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
    const specifier = match[1] as string;
    if (specifier.startsWith('.')) importGraph(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')), seen);
    else seen.add(`package:${specifier}`);
  }
  return seen;
}

describe('the remote engine', () => {
  it('imports neither koffi nor the OpenVINO binding, so a remote client needs no native OpenVINO', () => {
    const modules = readdirSync(join(source, 'remote')).filter(
      (name) => name.endsWith('.ts') && !name.includes('.test.'),
    );
    const graph = new Set<string>();
    for (const name of modules) for (const entry of importGraph(join(source, 'remote', name))) graph.add(entry);
    expect(graph.has('package:koffi')).toBe(false);
    expect([...graph].filter((entry) => entry.includes(`${source}/openvino/`))).toEqual([]);
    expect(graph.has(join(source, 'remote', 'kserve-client.ts'))).toBe(true);
  });
});
