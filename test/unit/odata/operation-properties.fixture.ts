import { QueryableProperties } from '../../../src/common/odata';
import { CASE_ACTIONS } from '../../../src/operations/domain/case-action';
import { OPERATION_STATUSES } from '../../../src/operations/domain/operation-status';

export const STATUSES = OPERATION_STATUSES;
export const ACTIONS = CASE_ACTIONS;

/** The caseOperation properties as a repository would declare them. */
export const operationProperties: QueryableProperties = {
  id: { type: { kind: 'guid' }, sql: 'o.id', nullable: false, orderable: true },
  status: {
    type: { kind: 'enum', members: STATUSES },
    sql: 'o.status',
    nullable: false,
    orderable: true,
  },
  action: {
    type: { kind: 'enum', members: ACTIONS },
    sql: 'o.action',
    nullable: false,
    orderable: true,
  },
  createdDateTime: {
    type: { kind: 'dateTime' },
    sql: 'o.created_date_time',
    nullable: false,
    orderable: true,
  },
  completedDateTime: {
    type: { kind: 'dateTime' },
    sql: 'o.completed_date_time',
    nullable: true,
    orderable: true,
  },
  percentProgress: {
    type: { kind: 'int32' },
    sql: 'o.percent_progress',
    nullable: true,
    orderable: true,
  },
  'createdBy/user/id': {
    type: { kind: 'string' },
    sql: "o.created_by->'user'->>'id'",
    nullable: true,
    orderable: false,
  },
  'createdBy/user/displayName': {
    type: { kind: 'string' },
    sql: "o.created_by->'user'->>'displayName'",
    nullable: true,
    orderable: true,
  },
};

export const SELECTABLE = [
  'id',
  'status',
  'action',
  'createdDateTime',
  'completedDateTime',
  'percentProgress',
  'createdBy',
  'resultInfo',
];
