import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-policy.js';

describe('retryDelayMs', () => {
  it('doubles the bound with each attempt and never exceeds maxDelayMs', () => {
    const high = () => 0.999_999;
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, undefined, high)).toBe(100);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 2, undefined, high)).toBe(200);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 3, undefined, high)).toBe(400);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 10, undefined, high)).toBe(2000);
  });

  it('jitters within the upper half of the bound so clients that failed together spread out', () => {
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 3, undefined, () => 0)).toBe(200);
  });

  it("follows the server's Retry-After seconds, capped by maxDelayMs", () => {
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, '1')).toBe(1000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, '120')).toBe(2000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, 'soon', () => 0.999_999)).toBe(100);
  });
});
