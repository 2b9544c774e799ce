import { ListQuerySchema, PropertyValue, QueryableProperties } from '../../common/odata';
import { CaseOperation } from '../domain/case-operation.aggregate';
import { CASE_ACTIONS } from '../domain/case-action';
import { OPERATION_STATUSES } from '../domain/operation-status';

const PROPERTIES: QueryableProperties = {
  id: { type: { kind: 'guid' }, sql: 'o.id', nullable: false, orderable: true },
  status: {
    type: { kind: 'enum', members: OPERATION_STATUSES },
    sql: 'o.status',
    nullable: false,
    orderable: true,
  },
  action: {
    type: { kind: 'enum', members: CASE_ACTIONS },
    sql: 'o.action',
    nullable: false,
    orderable: true,
  },
  percentProgress: {
    type: { kind: 'int32' },
    sql: 'o.percent_progress',
    nullable: false,
    orderable: true,
  },
  createdDateTime: {
    type: { kind: 'dateTime' },
    sql: 'o.created_at',
    nullable: false,
    orderable: true,
  },
  completedDateTime: {
    type: { kind: 'dateTime' },
    sql: 'o.completed_at',
    nullable: true,
    orderable: true,
  },
  'createdBy/user/id': {
    type: { kind: 'string' },
    sql: "(o.created_by -> 'user' ->> 'id')",
    nullable: true,
    orderable: true,
  },
  'createdBy/application/id': {
    type: { kind: 'string' },
    sql: "(o.created_by -> 'application' ->> 'id')",
    nullable: true,
    orderable: true,
  },
};

/** What a client may filter, order and select operations by; oldest first by default. */
export const OPERATION_LIST_SCHEMA: ListQuerySchema = {
  properties: PROPERTIES,
  selectable: [
    'id',
    'createdDateTime',
    'completedDateTime',
    'percentProgress',
    'status',
    'action',
    'createdBy',
    'resultInfo',
  ],
  defaultOrderBy: [{ path: 'createdDateTime', direction: 'asc' }],
};

/** The value of a queryable property of an operation, as the skip token records it. */
export function operationValueOf(operation: CaseOperation, path: string): PropertyValue {
  const state = operation.snapshot();
  const values: Readonly<Record<string, PropertyValue>> = {
    id: state.id,
    status: state.status,
    action: state.action,
    percentProgress: state.percentProgress,
    createdDateTime: state.createdDateTime,
    completedDateTime: state.completedDateTime,
    'createdBy/user/id': state.createdBy.user?.id ?? null,
    'createdBy/application/id': state.createdBy.application?.id ?? null,
  };
  return values[path] ?? null;
}
