import { InvalidInputError } from '@ctip/errors';
import { creationStatus, parseIdempotencyKey, scopedIdempotencyKey } from './idempotency-key';

describe(parseIdempotencyKey.name, () => {
  it('accepts a well-formed key and no key at all', () => {
    expect(parseIdempotencyKey('retry-2026-03-01:a')).toBe('retry-2026-03-01:a');
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([
    ['short', 'must be 8–100 letters, digits or ._:-'],
    ['has spaces in it', 'must be 8–100 letters, digits or ._:-'],
    [['key-one-1', 'key-two-2'], 'must be sent once'],
  ])('refuses %j naming the header and why', (header, reason) => {
    let refused: unknown;
    try {
      parseIdempotencyKey(header);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).errors).toEqual([{ field: 'Idempotency-Key', reason }]);
  });
});

describe(scopedIdempotencyKey.name, () => {
  it('scopes a key by its caller, and makes every request without a key its own', () => {
    expect(scopedIdempotencyKey('person-1', 'retry-key-1')).toBe('person-1/retry-key-1');
    expect(scopedIdempotencyKey('person-2', 'retry-key-1')).not.toBe(scopedIdempotencyKey('person-1', 'retry-key-1'));
    expect(scopedIdempotencyKey('person-1', undefined)).not.toBe(scopedIdempotencyKey('person-1', undefined));
  });

  it('answers 201 for a creation and 200 for a replay', () => {
    expect([creationStatus(true), creationStatus(false)]).toEqual([201, 200]);
  });
});
