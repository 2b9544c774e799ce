import { GraphError } from '../../common/http/graph-error';
import { OperationRequest } from '../application/case-operation.service';
import { OperationUpdate } from '../application/operation-update';
import { CaseAction, EVOLVED_ACTIONS, UNKNOWN_FUTURE_ACTION } from '../domain/case-action';
import { OperationStatus } from '../domain/operation-status';
import {
  ESTIMATE_PROPERTIES,
  EXPORT_PROPERTIES,
  OPERATION_TYPES,
  OperationProperties,
  OperationPropertyValue,
  OperationType,
} from '../domain/operation-type';
import { CreateOperationDto, ODATA_NAMESPACE, UpdateOperationDto } from './dto/operation.dto';

const TYPE_SPECIFIC_PROPERTIES: readonly string[] = [...EXPORT_PROPERTIES, ...ESTIMATE_PROPERTIES];

/** Reads a validated creation body into the use case's request. */
export function toOperationRequest(
  body: CreateOperationDto,
  includeUnknownEnumMembers: boolean,
): OperationRequest {
  const type = typeOf(body, includeUnknownEnumMembers);
  const action = (body.action as CaseAction | undefined) ?? impliedAction(type);
  if (action === undefined) {
    throw GraphError.badRequest("Property 'action' is required.", { target: 'action' });
  }
  refuseHiddenAction(action, includeUnknownEnumMembers);

  return { action, type, ...sharedFields(body) };
}

/** Reads a validated update body; `unknownFutureValue` as the action means "not sent". */
export function toOperationUpdate(
  body: UpdateOperationDto,
  includeUnknownEnumMembers: boolean,
): OperationUpdate {
  const sent = body.action as CaseAction | undefined;
  const action = sent === UNKNOWN_FUTURE_ACTION ? undefined : sent;
  if (action !== undefined) refuseHiddenAction(action, includeUnknownEnumMembers);

  return { action, type: typeOf(body, includeUnknownEnumMembers), ...sharedFields(body) };
}

function sharedFields(body: CreateOperationDto | UpdateOperationDto) {
  return {
    status: body.status as OperationStatus | undefined,
    percentProgress: body.percentProgress,
    completedDateTime:
      body.completedDateTime === undefined ? undefined : new Date(body.completedDateTime),
    resultInfo: body.resultInfo,
    properties: typeSpecificProperties(body),
  };
}

function typeOf(
  body: CreateOperationDto | UpdateOperationDto,
  includeUnknownEnumMembers: boolean,
): OperationType | undefined {
  const odataType = body['@odata.type'];
  if (odataType === undefined) return undefined;

  const type = odataType.slice(ODATA_NAMESPACE.length) as OperationType;
  refuseHiddenAction(OPERATION_TYPES[type].action, includeUnknownEnumMembers, '@odata.type');
  return type;
}

function impliedAction(type: OperationType | undefined): CaseAction | undefined {
  return type === undefined || type === 'caseOperation' ? undefined : OPERATION_TYPES[type].action;
}

/** Members past the evolvable enum's sentinel exist only for clients that asked for them. */
function refuseHiddenAction(action: CaseAction, included: boolean, target = 'action'): void {
  if (included || !EVOLVED_ACTIONS.includes(action)) return;

  throw GraphError.badRequest(
    `'${action}' is not a known caseAction for this request; send ` +
      "'Prefer: include-unknown-enum-members' to use it.",
    { target },
  );
}

function typeSpecificProperties(body: object): OperationProperties {
  const values = body as Record<string, OperationPropertyValue | undefined>;
  return Object.fromEntries(
    TYPE_SPECIFIC_PROPERTIES.filter((name) => values[name] !== undefined).map((name) => [
      name,
      values[name] ?? null,
    ]),
  );
}
