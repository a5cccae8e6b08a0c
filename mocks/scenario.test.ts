import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario';

describe('parseScenario', () => {
  it('reads latency as a value or a range, failRate and offline', () => {
    expect(parseScenario('?latency=300')).toEqual({ latency: [300, 300], failRate: 0, offline: false });
    expect(parseScenario('?latency=50-300&failRate=0.3&offline=1')).toEqual({
      latency: [50, 300],
      failRate: 0.3,
      offline: true,
    });
  });

  it('ignores nonsense', () => {
    expect(parseScenario('?latency=abc&failRate=7')).toEqual({ latency: [0, 0], failRate: 1, offline: false });
    expect(parseScenario('')).toEqual({ latency: [0, 0], failRate: 0, offline: false });
  });
});
