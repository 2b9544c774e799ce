import { CaseState, EdiscoveryCase } from '../domain/case.aggregate';
import { CaseStatus } from '../domain/case-status';
import { CaseEntity } from './case.entity';

/** Translates between the case aggregate and its row. */
export const CaseMapper = {
  toDomain(row: CaseEntity): EdiscoveryCase {
    return EdiscoveryCase.restore({
      tenantId: row.tenantId,
      id: row.id,
      displayName: row.displayName,
      description: row.description,
      externalId: row.externalId,
      status: row.status as CaseStatus,
      createdDateTime: row.createdAt,
      lastModifiedDateTime: row.lastModifiedAt,
      closedDateTime: row.closedAt,
      createdBy: row.createdBy,
      lastModifiedBy: row.lastModifiedBy,
      closedBy: row.closedBy,
      version: row.version,
    });
  },

  toRow(state: CaseState): CaseEntity {
    return Object.assign(new CaseEntity(), {
      tenantId: state.tenantId,
      id: state.id,
      displayName: state.displayName,
      description: state.description,
      externalId: state.externalId,
      status: state.status,
      createdAt: state.createdDateTime,
      lastModifiedAt: state.lastModifiedDateTime,
      closedAt: state.closedDateTime,
      createdBy: state.createdBy,
      lastModifiedBy: state.lastModifiedBy,
      closedBy: state.closedBy,
      version: state.version,
    });
  },
};
