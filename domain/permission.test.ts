import { describe, expect, it } from 'vitest';
import { effectiveValue, nextValue, stateLabel } from './permission';

describe('the click cycle', () => {
  it('goes inherited → granted → denied → inherited', () => {
    expect(nextValue(null)).toBe('grant');
    expect(nextValue('grant')).toBe('deny');
    expect(nextValue('deny')).toBeNull();
  });

  it('returns to the start after three clicks from any state', () => {
    for (const start of [null, 'grant', 'deny'] as const) {
      expect(nextValue(nextValue(nextValue(start)))).toBe(start);
    }
  });
});

describe('state labels', () => {
  it.each([
    [null, 'grant', 'inherited (granted)'],
    [null, 'deny', 'inherited (denied)'],
    ['grant', 'deny', 'granted'],
    ['grant', 'grant', 'granted'],
    ['deny', 'grant', 'denied'],
    ['deny', 'deny', 'denied'],
  ] as const)('explicit %s inheriting %s reads "%s"', (explicit, inherited, label) => {
    expect(stateLabel(explicit, inherited)).toBe(label);
  });

  it('an explicit value wins over what is inherited', () => {
    expect(effectiveValue('grant', 'deny')).toBe('grant');
    expect(effectiveValue(null, 'deny')).toBe('deny');
  });
});
