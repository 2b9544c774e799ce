import { IdentitySet } from '../../../src/common/domain/identity-set';
import { CaseState, EdiscoveryCase } from '../../../src/cases/domain/case.aggregate';
import {
  CaseAlreadyClosed,
  CaseNotActive,
  CaseNotClosed,
} from '../../../src/cases/domain/case.errors';
import { CaseStatus } from '../../../src/cases/domain/case-status';
import { refusalOf } from './case-operation.fixture';

const OPENED = new Date('2026-04-01T08:00:00Z');
const CLOSED = new Date('2026-04-02T08:00:00Z');
const REOPENED = new Date('2026-04-03T08:00:00Z');

const opener: IdentitySet = {
  user: { id: 'user-1', displayName: 'Ada Lovelace' },
  application: null,
  device: null,
};
const closer: IdentitySet = {
  user: null,
  application: { id: 'app-1', displayName: 'Retention bot' },
  device: null,
};

function opened(): EdiscoveryCase {
  return EdiscoveryCase.open(
    {
      tenantId: 'tenant-1',
      id: 'case-1',
      displayName: 'Contoso v. Fabrikam',
      description: 'Breach of contract',
      externalId: 'LIT-42',
      createdBy: opener,
    },
    OPENED,
  );
}

function closed(): EdiscoveryCase {
  const ediscoveryCase = opened();
  ediscoveryCase.close(closer, CLOSED);
  return ediscoveryCase;
}

function inStatus(status: CaseStatus): EdiscoveryCase {
  return EdiscoveryCase.restore({ ...opened().snapshot(), status });
}

describe('EdiscoveryCase', () => {
  describe('open', () => {
    it('when a case is opened, then it is active, created and modified by its creator now', () => {
      expect(opened().snapshot()).toEqual<CaseState>({
        tenantId: 'tenant-1',
        id: 'case-1',
        displayName: 'Contoso v. Fabrikam',
        description: 'Breach of contract',
        externalId: 'LIT-42',
        status: 'active',
        createdDateTime: OPENED,
        lastModifiedDateTime: OPENED,
        closedDateTime: null,
        createdBy: opener,
        lastModifiedBy: opener,
        closedBy: null,
        version: 1,
      });
    });

    it('when description and externalId are left out, then they are null', () => {
      const ediscoveryCase = EdiscoveryCase.open(
        { tenantId: 't', id: 'c', displayName: 'Only a name', createdBy: opener },
        OPENED,
      );

      expect(ediscoveryCase.snapshot()).toMatchObject({ description: null, externalId: null });
    });
  });

  describe('close', () => {
    it('when an active case is closed, then it records who closed it and when', () => {
      const ediscoveryCase = closed();

      expect(ediscoveryCase.status).toBe('closed');
      expect(ediscoveryCase.snapshot()).toMatchObject({
        closedBy: closer,
        closedDateTime: CLOSED,
        lastModifiedBy: closer,
        lastModifiedDateTime: CLOSED,
        createdBy: opener,
        createdDateTime: OPENED,
      });
    });

    it('when a closed case is closed again, then it is refused and stays as it was', () => {
      const ediscoveryCase = closed();
      const before = ediscoveryCase.snapshot();

      const error = refusalOf(() => ediscoveryCase.close(opener, REOPENED));

      expect(error).toBeInstanceOf(CaseAlreadyClosed);
      expect(error.code).toBe('caseAlreadyClosed');
      expect(ediscoveryCase.snapshot()).toEqual(before);
    });

    it.each(['unknown', 'pendingDelete', 'closing', 'closedWithError'] as const)(
      'when a %s case is closed, then it is refused as not active',
      (status) => {
        const ediscoveryCase = inStatus(status);

        const error = refusalOf(() => ediscoveryCase.close(closer, CLOSED));

        expect(error).toBeInstanceOf(CaseNotActive);
        expect(error.code).toBe('caseNotActive');
        expect(ediscoveryCase.status).toBe(status);
      },
    );
  });

  describe('reopen', () => {
    it('when a closed case is reopened, then it is active and its closing is cleared', () => {
      const ediscoveryCase = closed();
      ediscoveryCase.reopen(opener, REOPENED);

      expect(ediscoveryCase.status).toBe('active');
      expect(ediscoveryCase.snapshot()).toMatchObject({
        closedBy: null,
        closedDateTime: null,
        lastModifiedBy: opener,
        lastModifiedDateTime: REOPENED,
      });
    });

    it.each(['active', 'unknown', 'pendingDelete', 'closing', 'closedWithError'] as const)(
      'when a %s case is reopened, then it is refused as not closed',
      (status) => {
        const ediscoveryCase = inStatus(status);
        const before = ediscoveryCase.snapshot();

        const error = refusalOf(() => ediscoveryCase.reopen(opener, REOPENED));

        expect(error).toBeInstanceOf(CaseNotClosed);
        expect(error.code).toBe('caseNotClosed');
        expect(error.message).toContain('reopened');
        expect(ediscoveryCase.snapshot()).toEqual(before);
      },
    );

    it('when a case is closed, reopened and closed again, then the second closing is recorded', () => {
      const ediscoveryCase = closed();
      ediscoveryCase.reopen(opener, REOPENED);
      const again = new Date('2026-04-04T08:00:00Z');
      ediscoveryCase.close(opener, again);

      expect(ediscoveryCase.snapshot()).toMatchObject({ closedBy: opener, closedDateTime: again });
    });
  });

  describe('describe', () => {
    it('when only the description is given, then only it and the modification change', () => {
      const ediscoveryCase = opened();
      const before = ediscoveryCase.snapshot();

      ediscoveryCase.describe({ description: 'Amended complaint' }, closer, CLOSED);

      expect(ediscoveryCase.snapshot()).toEqual({
        ...before,
        description: 'Amended complaint',
        lastModifiedBy: closer,
        lastModifiedDateTime: CLOSED,
      });
    });

    it('when null is given, then that field is cleared', () => {
      const ediscoveryCase = opened();
      ediscoveryCase.describe({ externalId: null, description: null }, opener, CLOSED);

      expect(ediscoveryCase.snapshot()).toMatchObject({
        displayName: 'Contoso v. Fabrikam',
        description: null,
        externalId: null,
      });
    });

    it('when a field is given as undefined, then it keeps its value', () => {
      const ediscoveryCase = opened();
      ediscoveryCase.describe(
        { displayName: 'Renamed', description: undefined, externalId: undefined },
        opener,
        CLOSED,
      );

      expect(ediscoveryCase.snapshot()).toMatchObject({
        displayName: 'Renamed',
        description: 'Breach of contract',
        externalId: 'LIT-42',
      });
    });

    it('leaves status, creation and version to others', () => {
      const ediscoveryCase = opened();
      ediscoveryCase.describe({ displayName: 'Renamed' }, closer, CLOSED);

      expect(ediscoveryCase.snapshot()).toMatchObject({
        status: 'active',
        createdBy: opener,
        createdDateTime: OPENED,
        version: 1,
      });
    });
  });

  describe('checkAcceptsOperations', () => {
    it('when the case is active, then it accepts operations', () => {
      expect(() => opened().checkAcceptsOperations()).not.toThrow();
    });

    it.each(['closed', 'unknown', 'pendingDelete', 'closing', 'closedWithError'] as const)(
      'when the case is %s, then it refuses new operations',
      (status) => {
        const error = refusalOf(() => inStatus(status).checkAcceptsOperations());

        expect(error).toBeInstanceOf(CaseNotActive);
        expect(error.code).toBe('caseNotActive');
        expect(error.message).toContain(status);
      },
    );
  });

  describe('checkDeletable', () => {
    it('when the case is closed, then it may be deleted', () => {
      expect(() => closed().checkDeletable()).not.toThrow();
    });

    it.each(['active', 'unknown', 'pendingDelete', 'closing', 'closedWithError'] as const)(
      'when the case is %s, then deleting it is refused',
      (status) => {
        const error = refusalOf(() => inStatus(status).checkDeletable());

        expect(error).toBeInstanceOf(CaseNotClosed);
        expect(error.code).toBe('caseNotClosed');
        expect(error.message).toContain('deleted');
      },
    );
  });
});
