import { describe, expect, it } from 'vitest';
import { NO_SCENARIO, parseScenario } from './scenario';

describe('parseScenario', () => {
  it('reads latency as a value or a range, failRate and offline', () => {
    expect(parseScenario('?latency=300')).toEqual({ ...NO_SCENARIO, latency: [300, 300] });
    expect(parseScenario('?latency=50-300&failRate=0.3&offline=1&anotherAdmin=1&malformed=1')).toEqual({
      latency: [50, 300],
      failRate: 0.3,
      offline: true,
      anotherAdmin: 1,
      malformed: true,
    });
  });

  it('ignores nonsense', () => {
    expect(parseScenario('?latency=abc&failRate=7&anotherAdmin=-2')).toEqual({ ...NO_SCENARIO, failRate: 1 });
    expect(parseScenario('')).toEqual(NO_SCENARIO);
  });
});
