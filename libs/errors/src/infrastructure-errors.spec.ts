import { NotFoundError } from './domain-errors';
import { isInfrastructureError } from './infrastructure-errors';

describe(isInfrastructureError.name, () => {
  it('treats a database or broker outage as infrastructure, to be retried until it is back', () => {
    const network = Object.assign(new Error('connection refused'), { name: 'MongoNetworkError' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:16379'), { code: 'ECONNREFUSED' });
    expect(isInfrastructureError(network)).toBe(true);
    expect(isInfrastructureError(refused)).toBe(true);
    expect(isInfrastructureError(new Error('wrapped', { cause: network }))).toBe(true);
    // While the database restarts: the driver's cleared pool, Mongoose's buffered command giving up.
    expect(isInfrastructureError(Object.assign(new Error('Connection pool was cleared'), { name: 'MongoPoolClearedError' }))).toBe(true);
    expect(isInfrastructureError(new Error('Operation `cases.findOne()` buffering timed out after 10000ms'))).toBe(true);
  });

  it('treats a bug or bad data as the message’s problem, to be dead-lettered after bounded attempts', () => {
    expect(isInfrastructureError(new TypeError("Cannot read properties of undefined (reading 'country')"))).toBe(false);
    expect(isInfrastructureError(new NotFoundError('unknown presence'))).toBe(false);
    expect(isInfrastructureError('a string')).toBe(false);
  });
});
