import { ListQuerySchema, PropertyValue } from '../../common/odata';
import { EdiscoveryCase } from '../domain/case.aggregate';
import { CASE_STATUSES } from '../domain/case-status';

/** What a client may filter, order and select cases by; oldest first by default. */
export const CASE_LIST_SCHEMA: ListQuerySchema = {
  properties: {
    id: { type: { kind: 'guid' }, sql: 'c.id', nullable: false, orderable: true },
    status: {
      type: { kind: 'enum', members: CASE_STATUSES },
      sql: 'c.status',
      nullable: false,
      orderable: true,
    },
    displayName: {
      type: { kind: 'string' },
      sql: 'c.display_name',
      nullable: false,
      orderable: true,
    },
    externalId: { type: { kind: 'string' }, sql: 'c.external_id', nullable: true, orderable: true },
    createdDateTime: {
      type: { kind: 'dateTime' },
      sql: 'c.created_at',
      nullable: false,
      orderable: true,
    },
  },
  selectable: [
    'id',
    'displayName',
    'description',
    'externalId',
    'status',
    'createdDateTime',
    'lastModifiedDateTime',
    'closedDateTime',
    'createdBy',
    'lastModifiedBy',
    'closedBy',
  ],
  defaultOrderBy: [{ path: 'createdDateTime', direction: 'asc' }],
};

export function caseValueOf(ediscoveryCase: EdiscoveryCase, path: string): PropertyValue {
  const state = ediscoveryCase.snapshot();
  const values: Readonly<Record<string, PropertyValue>> = {
    id: state.id,
    status: state.status,
    displayName: state.displayName,
    externalId: state.externalId,
    createdDateTime: state.createdDateTime,
  };
  return values[path] ?? null;
}
