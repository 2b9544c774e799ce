import { CaseOperation, CaseOperationState } from '../domain/case-operation.aggregate';
import { CaseAction } from '../domain/case-action';
import { OperationStatus } from '../domain/operation-status';
import { typeForAction } from '../domain/operation-type';
import { CaseOperationEntity } from './case-operation.entity';

/** Translates between the operation aggregate and its row; the type follows from the action. */
export const CaseOperationMapper = {
  toDomain(row: CaseOperationEntity): CaseOperation {
    const action = row.action as CaseAction;
    return CaseOperation.restore({
      tenantId: row.tenantId,
      caseId: row.caseId,
      id: row.id,
      type: typeForAction(action) ?? 'caseOperation',
      action,
      status: row.status as OperationStatus,
      percentProgress: row.percentProgress,
      createdDateTime: row.createdAt,
      completedDateTime: row.completedAt,
      createdBy: row.createdBy,
      resultInfo: row.resultInfo,
      properties: row.properties,
      version: row.version,
    });
  },

  toRow(state: CaseOperationState): CaseOperationEntity {
    return Object.assign(new CaseOperationEntity(), {
      tenantId: state.tenantId,
      id: state.id,
      caseId: state.caseId,
      action: state.action,
      status: state.status,
      percentProgress: state.percentProgress,
      createdAt: state.createdDateTime,
      completedAt: state.completedDateTime,
      createdBy: state.createdBy,
      resultInfo: state.resultInfo,
      properties: state.properties,
      version: state.version,
    });
  },
};
