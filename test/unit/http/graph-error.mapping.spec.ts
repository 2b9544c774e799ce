import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import { HttpException, NotFoundException } from '@nestjs/common';

import { CaseNameTaken } from '../../../src/cases/domain/case.errors';
import { DomainError } from '../../../src/common/domain/domain-error';
import { GraphError } from '../../../src/common/http/graph-error';
import { domainErrorToGraph, toGraphError } from '../../../src/common/http/graph-error.mapping';
import { OperationNotFound } from '../../../src/operations/domain/case-operation.errors';

const SRC = join(__dirname, '../../../src');
const GRAPH_CODES_OF_STATUS: Readonly<Record<number, readonly string[]>> = {
  400: ['badRequest', 'invalidRequest'],
  404: ['itemNotFound'],
  409: ['conflict', 'nameAlreadyExists'],
  412: ['preconditionFailed'],
};

type ErrorConstructor = new (...args: string[]) => DomainError;

function errorFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return errorFiles(path);
    const inDomain = directory.endsWith('/domain');
    return inDomain && entry.name.endsWith('.errors.ts') ? [path] : [];
  });
}

function isDomainErrorClass(value: unknown): value is ErrorConstructor {
  return typeof value === 'function' && value.prototype instanceof DomainError;
}

/** Every exported DomainError subclass, found by reading the modules, not by listing them. */
const errorClasses = [
  ...errorFiles(SRC),
  join(SRC, 'common/application/stale-version.error.ts'),
].flatMap((file) =>
  Object.entries(jest.requireActual<Record<string, unknown>>(file))
    .filter((entry): entry is [string, ErrorConstructor] => isDomainErrorClass(entry[1]))
    .map(([name, errorClass]) => ({ name, errorClass, file: relative(SRC, file) })),
);

/** Arguments that read like real ones; every constructor here takes strings. */
const PLAUSIBLE_ARGUMENTS = ['running', 'succeeded', 'caseExportOperation'];

describe('mapping domain errors to Graph errors', () => {
  it('finds the domain errors of every module', () => {
    expect(errorClasses.map(({ file }) => file)).toEqual(
      expect.arrayContaining([
        'cases/domain/case.errors.ts',
        'operations/domain/case-operation.errors.ts',
        'common/application/stale-version.error.ts',
      ]),
    );
    expect(errorClasses.length).toBeGreaterThanOrEqual(22);
  });

  it.each(errorClasses)('$name ($file) maps to a 4xx status and a Graph code', ({ errorClass }) => {
    const error = new errorClass(...PLAUSIBLE_ARGUMENTS);

    const graphError = toGraphError(error);

    expect(graphError).toBeInstanceOf(GraphError);
    expect(graphError?.status).toBeGreaterThanOrEqual(400);
    expect(graphError?.status).toBeLessThan(500);
    expect(GRAPH_CODES_OF_STATUS[graphError?.status ?? 0]).toContain(graphError?.code);
    expect(graphError?.options).toMatchObject({ innerCode: error.code, target: error.target });
    expect(graphError?.message).toBe(error.message);
  });

  it('gives every domain error its own stable code', () => {
    const codes = errorClasses.map(({ errorClass }) => new errorClass(...PLAUSIBLE_ARGUMENTS).code);

    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each([
    ['invalid', 400, 'badRequest'],
    ['notFound', 404, 'itemNotFound'],
    ['conflict', 409, 'conflict'],
    ['stale', 412, 'preconditionFailed'],
  ] as const)('a domain error of kind %s is a %i %s', (kind, status, code) => {
    const example = errorClasses
      .map(({ errorClass }) => new errorClass(...PLAUSIBLE_ARGUMENTS))
      .find((error) => error.kind === kind && error.code !== 'nameAlreadyExists');
    if (example === undefined) throw new Error(`no domain error of kind ${kind}`);

    expect(domainErrorToGraph(example)).toMatchObject({ status, code });
  });

  it('when a case name is taken, then nameAlreadyExists is the top-level Graph code', () => {
    const graphError = domainErrorToGraph(new CaseNameTaken('Contoso v. Fabrikam'));

    expect(graphError).toMatchObject({ status: 409, code: 'nameAlreadyExists' });
    expect(graphError.options).toMatchObject({
      innerCode: 'nameAlreadyExists',
      target: 'displayName',
    });
  });

  it('when an operation is missing, then it is a 404 itemNotFound naming the operation', () => {
    const graphError = toGraphError(new OperationNotFound('op-7'));

    expect(graphError).toMatchObject({ status: 404, code: 'itemNotFound' });
    expect(graphError?.message).toContain('op-7');
  });
});

describe('mapping other errors to Graph errors', () => {
  it('when the body is too large, then it is a 413 requestEntityTooLarge', () => {
    const graphError = toGraphError(
      Object.assign(new Error('request entity too large'), {
        type: 'entity.too.large',
        status: 413,
      }),
    );

    expect(graphError).toMatchObject({ status: 413, code: 'requestEntityTooLarge' });
    expect(graphError?.message).not.toContain('request entity too large');
  });

  it('when the body is not JSON, then it is a 400 badRequest', () => {
    expect(toGraphError({ type: 'entity.parse.failed', status: 400 })).toMatchObject({
      status: 400,
      code: 'badRequest',
      message: 'The request body is not valid JSON.',
    });
  });

  it('when a body-parser error is unknown or a server fault, then it is left to the filter', () => {
    expect(toGraphError({ type: 'stream.not.readable', status: 500 })).toBeNull();
    expect(toGraphError({ type: 'something.new', status: 400 })).toBeNull();
    expect(toGraphError({ type: 'entity.too.large', status: '413' })).toBeNull();
  });

  it('when a Nest HttpException below 500 is thrown, then its status gives the Graph code', () => {
    expect(toGraphError(new NotFoundException('no route'))).toMatchObject({
      status: 404,
      code: 'itemNotFound',
    });
    expect(toGraphError(new HttpException('too fast', 429))).toMatchObject({
      status: 429,
      code: 'TooManyRequests',
    });
  });

  it('when a Nest HttpException is a server fault, then it is left to the filter', () => {
    expect(toGraphError(new HttpException('boom', 502))).toBeNull();
  });

  it('when a GraphError is thrown, then it is passed through as it is', () => {
    const error = GraphError.forbidden('no');

    expect(toGraphError(error)).toBe(error);
  });

  it.each([
    ['an ordinary Error', new Error('database went away')],
    ['a TypeError', new TypeError('x is undefined')],
    ['a string', 'boom'],
    ['null', null],
    ['undefined', undefined],
  ])('when %s is thrown, then it maps to null (a 500 from the filter)', (_, thrown) => {
    expect(toGraphError(thrown)).toBeNull();
  });
});
