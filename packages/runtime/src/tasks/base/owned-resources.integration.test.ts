import { describe, expect, it } from 'vitest';
import { Core } from '../../core.js';
import { OwnedResources } from './owned-resources.js';

describe('OwnedResources', () => {
  it('frees what it owns newest first, and a Core it created last', async () => {
    const freed: string[] = [];
    let core: Core | undefined;
    const resources = await OwnedResources.use(undefined, async (owned) => {
      core = owned.core;
      owned.own({ dispose: () => freed.push('model') });
      owned.own({ dispose: () => freed.push('compiled model') });
      return owned;
    });
    resources.release();
    resources.release();
    expect(freed).toEqual(['compiled model', 'model']);
    expect(core?.disposed).toBe(true);
  });

  it("frees everything when building fails, but never the caller's Core", async () => {
    using core = new Core();
    const freed: string[] = [];
    await expect(
      OwnedResources.use(core, async (owned) => {
        owned.own({ dispose: () => freed.push('model') });
        throw new Error('compile failed');
      }),
    ).rejects.toThrow('compile failed');
    expect(freed).toEqual(['model']);
    expect(core.disposed).toBe(false);
  });

  it("rejects a 'core' that is not a Core with ArgumentError naming it", async () => {
    await expect(OwnedResources.use({} as Core, async () => 1)).rejects.toMatchObject({ argument: 'core' });
  });
});
