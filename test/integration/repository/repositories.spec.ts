import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { EdiscoveryCase } from '../../../src/cases/domain/case.aggregate';
import { CaseNameTaken, CaseNotActive, CaseNotFound } from '../../../src/cases/domain/case.errors';
import { TypeOrmCaseRepository } from '../../../src/cases/infrastructure/typeorm-case.repository';
import { databaseOptions } from '../../../src/common/database/database-options';
import { IdentitySet } from '../../../src/common/domain/identity-set';
import { CaseOperation } from '../../../src/operations/domain/case-operation.aggregate';
import { TypeOrmCaseOperationRepository } from '../../../src/operations/infrastructure/typeorm-case-operation.repository';

const someone: IdentitySet = {
  user: { id: randomUUID(), displayName: 'Repository Test' },
  application: null,
  device: null,
};

describe('repositories on PostgreSQL', () => {
  let dataSource: DataSource;
  let cases: TypeOrmCaseRepository;
  let operations: TypeOrmCaseOperationRepository;
  const tenantId = randomUUID();

  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_URL ?? '';
    dataSource = await new DataSource(
      databaseOptions({ url, poolSize: 4, connectTimeoutMillis: 5000, statementTimeoutMillis: 0 }),
    ).initialize();
    cases = new TypeOrmCaseRepository(dataSource);
    operations = new TypeOrmCaseOperationRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  const openCase = async (displayName = `Case ${randomUUID()}`) => {
    const opened = EdiscoveryCase.open(
      { tenantId, id: randomUUID(), displayName, createdBy: someone },
      new Date(),
    );
    await cases.add(opened);
    return opened;
  };

  const submit = (caseId: string) =>
    CaseOperation.submit(
      { tenantId, caseId, id: randomUUID(), action: 'contentExport', createdBy: someone },
      new Date(),
    );

  it('stores a case and reads back exactly what it stored', async () => {
    const opened = await openCase();

    const found = await cases.findById(tenantId, opened.id);

    expect(found?.snapshot()).toEqual(opened.snapshot());
    expect(await cases.findById(randomUUID(), opened.id)).toBeNull();
  });

  it('translates a clashing display name into CaseNameTaken', async () => {
    const name = `Clash ${randomUUID()}`;
    await openCase(name);

    await expect(openCase(name.toLowerCase())).rejects.toBeInstanceOf(CaseNameTaken);
  });

  it('saves a change only on the version it was read at', async () => {
    const opened = await openCase();
    const first = (await cases.findById(tenantId, opened.id)) as EdiscoveryCase;
    const second = (await cases.findById(tenantId, opened.id)) as EdiscoveryCase;

    first.describe({ description: 'first' }, someone, new Date());
    second.describe({ description: 'second' }, someone, new Date());

    expect((await cases.saveIfUnchanged(first))?.version).toBe(2);
    expect(await cases.saveIfUnchanged(second)).toBeNull();
    expect((await cases.findById(tenantId, opened.id))?.snapshot().description).toBe('first');
  });

  it('adds an operation only to an existing, active case', async () => {
    const opened = await openCase();
    const operation = submit(opened.id);

    await operations.addToActiveCase(operation);
    const stored = await operations.findById(tenantId, opened.id, operation.id);
    expect(stored?.snapshot()).toEqual(operation.snapshot());

    await expect(operations.addToActiveCase(submit(randomUUID()))).rejects.toBeInstanceOf(
      CaseNotFound,
    );

    opened.close(someone, new Date());
    await cases.saveIfUnchanged(opened);
    await expect(operations.addToActiveCase(submit(opened.id))).rejects.toBeInstanceOf(
      CaseNotActive,
    );
  });

  it('saves an operation change as a compare-and-set and removes it by version', async () => {
    const opened = await openCase();
    const operation = submit(opened.id);
    await operations.addToActiveCase(operation);

    const reader = (await operations.findById(tenantId, opened.id, operation.id)) as CaseOperation;
    reader.start(10);
    const saved = await operations.saveIfUnchanged(reader);
    expect(saved?.version).toBe(2);
    expect(await operations.saveIfUnchanged(reader)).toBeNull();

    expect(await operations.remove(tenantId, opened.id, operation.id, 1)).toBe(false);
    expect(await operations.remove(tenantId, opened.id, operation.id, 2)).toBe(true);
    expect(await operations.findById(tenantId, opened.id, operation.id)).toBeNull();
  });

  it('deletes a closed case together with its operations', async () => {
    const opened = await openCase();
    const operation = submit(opened.id);
    await operations.addToActiveCase(operation);
    opened.close(someone, new Date());
    const closed = (await cases.saveIfUnchanged(opened)) as EdiscoveryCase;

    expect(await cases.removeClosed(tenantId, opened.id, closed.version - 1)).toBe(false);
    expect(await cases.removeClosed(tenantId, opened.id, closed.version)).toBe(true);
    expect(await operations.findById(tenantId, opened.id, operation.id)).toBeNull();
  });
});
