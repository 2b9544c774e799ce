/**
 * The columns of `case_operation o` under the names of CaseOperationEntity, so a plain SQL row
 * maps like an entity.
 */
export const OPERATION_COLUMNS = `o.tenant_id AS "tenantId", o.id, o.case_id AS "caseId",
  o.action, o.status, o.percent_progress AS "percentProgress", o.created_at AS "createdAt",
  o.completed_at AS "completedAt", o.created_by AS "createdBy", o.result_info AS "resultInfo",
  o.properties, o.version`;
