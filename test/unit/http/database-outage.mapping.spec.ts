import { QueryFailedError } from 'typeorm';

import { databaseOutageToGraph } from '../../../src/common/http/graph-error.mapping';

/** What node-postgres hands over: an Error with a socket code or a PostgreSQL SQLSTATE. */
function driverError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

function failedQuery(error: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], error);
}

describe('database outage mapping', () => {
  it.each([
    [
      'the server refuses connections',
      driverError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    ],
    ['the connection was reset', driverError('read ECONNRESET', 'ECONNRESET')],
    ['no pooled connection came in time', driverError('timeout exceeded when trying to connect')],
    [
      'the connection dropped mid-query',
      failedQuery(driverError('Connection terminated unexpectedly')),
    ],
    [
      'an administrator shut the server down (57P01)',
      failedQuery(driverError('terminating', '57P01')),
    ],
    [
      'the server is starting up (57P03)',
      driverError('the database system is starting up', '57P03'),
    ],
    ['a connection exception (08006)', failedQuery(driverError('connection failure', '08006'))],
    ['too many connections (53300)', driverError('sorry, too many clients already', '53300')],
  ])('when %s, then it answers 503 serviceNotAvailable with Retry-After', (_, error) => {
    const graphError = databaseOutageToGraph(error, 9);

    expect(graphError).toMatchObject({
      status: 503,
      code: 'serviceNotAvailable',
      options: { innerCode: 'databaseUnavailable', headers: { 'Retry-After': '9' } },
    });
  });

  it.each([
    ['a unique violation (23505)', failedQuery(driverError('duplicate key', '23505'))],
    ['a missing table (42P01)', failedQuery(driverError('relation does not exist', '42P01'))],
    ['a statement timeout (57014)', failedQuery(driverError('canceling statement', '57014'))],
    ['a serialization failure (40001)', failedQuery(driverError('could not serialize', '40001'))],
    ['an error of the service itself', new Error('boom')],
    ['something that is not an error', 'ECONNREFUSED'],
  ])('when %s, then it is no outage', (_, error) => {
    expect(databaseOutageToGraph(error, 9)).toBeNull();
  });
});
