import { ArgumentError } from '@hubvino/runtime';
import { describe, expect, it } from 'vitest';
import { hubSettingsFrom } from './hub-settings.js';

describe('hubSettingsFrom', () => {
  it('reads retries, retry delay and time-out from the environment', () => {
    const settings = hubSettingsFrom(
      {},
      { HUBVINO_HUB_RETRIES: '0', HUBVINO_HUB_RETRY_DELAY_MS: '0', HUBVINO_HUB_TIMEOUT_MS: '1500' },
    );
    expect(settings.retries).toBe(0);
    expect(settings.retryDelayMs).toBe(0);
    expect(settings.timeoutMs).toBe(1500);
  });

  it('rejects a time-out of 0 (every request would time out at once), naming the variable', () => {
    const attempt = () => hubSettingsFrom({}, { HUBVINO_HUB_TIMEOUT_MS: '0' });
    expect(attempt).toThrow(ArgumentError);
    expect(attempt).toThrow(/'HUBVINO_HUB_TIMEOUT_MS' must be a positive number/);
  });

  it('rejects fractional and negative retry counts, naming the variable', () => {
    expect(() => hubSettingsFrom({}, { HUBVINO_HUB_RETRIES: '1.5' })).toThrow(/'HUBVINO_HUB_RETRIES'/);
    expect(() => hubSettingsFrom({}, { HUBVINO_HUB_RETRIES: '-1' })).toThrow(/'HUBVINO_HUB_RETRIES'/);
    expect(() => hubSettingsFrom({}, { HUBVINO_HUB_RETRY_DELAY_MS: 'soon' })).toThrow(/'HUBVINO_HUB_RETRY_DELAY_MS'/);
  });
});
