import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLockContents } from './directory-lock.js';
import { appendQuery, cacheFolderName, downloadUrlFor, moduleDirectory, remoteHandleKind } from './hub-handle.js';
import { defaultCacheDirectory, mapRequestUrl, parseHostMap } from './hub-settings.js';
import { unsafeEntryReason } from './safe-extract.js';

describe('TF Hub handles', () => {
  it('names the cache folder by the SHA-1 hex of the handle, as tensorflow_hub does', () => {
    const handle = 'https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/classification/5';
    const expected = createHash('sha1').update(Buffer.from(handle, 'utf8')).digest('hex');
    expect(cacheFolderName(handle)).toBe(expected);
    expect(moduleDirectory('/cache', handle)).toBe(join('/cache', expected));
  });

  it('adds tf-hub-format=compressed and keeps an existing query', () => {
    expect(downloadUrlFor('https://tfhub.dev/google/x/5')).toBe(
      'https://tfhub.dev/google/x/5?tf-hub-format=compressed',
    );
    expect(appendQuery('https://tfhub.dev/google/x/5?a=1', 'tf-hub-format', 'compressed')).toBe(
      'https://tfhub.dev/google/x/5?a=1&tf-hub-format=compressed',
    );
  });

  it('fetches lite-model handles as one .tflite with lite-format=tflite', () => {
    const handle = 'https://tfhub.dev/google/lite-model/movenet/singlepose/lightning/tflite/int8/4';
    expect(remoteHandleKind(handle)).toBe('tflite');
    expect(downloadUrlFor(handle)).toBe(`${handle}?lite-format=tflite`);
    expect(
      remoteHandleKind(
        'https://www.kaggle.com/models/google/movenet/frameworks/tfLite/variations/singlepose-lightning/versions/1',
      ),
    ).toBe('tflite');
    expect(
      remoteHandleKind(
        'https://www.kaggle.com/models/google/mobilenet-v2/frameworks/TensorFlow2/variations/x/versions/2',
      ),
    ).toBe('compressed-saved-model');
  });

  it('uses $TFHUB_CACHE_DIR, else <tmp>/tfhub_modules', () => {
    expect(defaultCacheDirectory({ TFHUB_CACHE_DIR: '/data/hub' })).toBe('/data/hub');
    expect(defaultCacheDirectory({})).toMatch(/tfhub_modules$/);
  });

  it('maps hosts to test servers without changing path or query', () => {
    const map = parseHostMap('tfhub.dev=http://127.0.0.1:9000, www.kaggle.com=http://127.0.0.1:9001/');
    expect(map).toEqual({ 'tfhub.dev': 'http://127.0.0.1:9000', 'www.kaggle.com': 'http://127.0.0.1:9001' });
    expect(mapRequestUrl('https://tfhub.dev/google/x/5?tf-hub-format=compressed', map)).toBe(
      'http://127.0.0.1:9000/google/x/5?tf-hub-format=compressed',
    );
    expect(mapRequestUrl('https://storage.googleapis.com/a.tar.gz', map)).toBe(
      'https://storage.googleapis.com/a.tar.gz',
    );
    expect(() => parseHostMap('tfhub.dev')).toThrow(/HUBVINO_HUB_HOST_MAP/);
  });

  it('parses tensorflow_hub lock contents <host>.<pid>.<uid> with dotted host names', () => {
    expect(parseLockContents('build.example.com.4242.abcdef')).toEqual({
      host: 'build.example.com',
      pid: 4242,
      uid: 'abcdef',
    });
    expect(parseLockContents('garbage')).toBeUndefined();
  });

  it('refuses tar entries that leave the folder, links and devices', () => {
    expect(unsafeEntryReason('variables/variables.index', 'File')).toBeUndefined();
    expect(unsafeEntryReason('./saved_model.pb', 'File')).toBeUndefined();
    expect(unsafeEntryReason('../x', 'File')).toMatch(/leaves/);
    expect(unsafeEntryReason('a/../../x', 'File')).toMatch(/leaves/);
    expect(unsafeEntryReason('/etc/passwd', 'File')).toMatch(/absolute/);
    expect(unsafeEntryReason('link', 'SymbolicLink')).toMatch(/SymbolicLink/);
    expect(unsafeEntryReason('hard', 'Link')).toMatch(/Link/);
    expect(unsafeEntryReason('dev', 'CharacterDevice')).toMatch(/CharacterDevice/);
  });
});
