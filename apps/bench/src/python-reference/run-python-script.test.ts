import { describe, expect, it } from 'vitest';
import { lastJsonLine } from './run-python-script.js';

describe('lastJsonLine', () => {
  it('returns the last JSON object printed after library log lines', () => {
    expect(lastJsonLine('INFO: Created TensorFlow Lite XNNPACK delegate\n{"a": 1}\n{"b": 2}\n')).toEqual({ b: 2 });
  });

  it('skips a trailing log line that starts with a brace but is not JSON', () => {
    expect(lastJsonLine('{"ok": true}\n{not json}\n')).toEqual({ ok: true });
  });

  it('reads a pretty-printed document spread over several lines', () => {
    expect(lastJsonLine('{\n  "status": "published",\n  "timings": { "totalMs": 5 }\n}\n')).toEqual({
      status: 'published',
      timings: { totalMs: 5 },
    });
  });

  it('throws SyntaxError when nothing parses', () => {
    expect(() => lastJsonLine('no json here')).toThrow(SyntaxError);
  });
});
