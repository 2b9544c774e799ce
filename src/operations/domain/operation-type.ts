import { CaseAction } from './case-action';

/** The extra properties an export operation carries. */
export const EXPORT_PROPERTIES = [
  'description',
  'outputName',
  'outputFolderId',
  'azureBlobContainer',
  'azureBlobToken',
  'exportOptions',
  'exportStructure',
] as const;

/** The counts an estimate-statistics operation reports. */
export const ESTIMATE_PROPERTIES = [
  'indexedItemCount',
  'indexedItemsSize',
  'unindexedItemCount',
  'unindexedItemsSize',
  'mailboxCount',
  'siteCount',
] as const;

export const EXPORT_OPTIONS = [
  'originalFiles',
  'text',
  'pdfReplacement',
  'fileInfo',
  'tags',
] as const;
export type ExportOption = (typeof EXPORT_OPTIONS)[number];

export const EXPORT_STRUCTURES = ['none', 'directory', 'pst'] as const;
export type ExportStructure = (typeof EXPORT_STRUCTURES)[number];

/** Values of the type-specific properties: strings, integer counts, or null when unknown. */
export type OperationPropertyValue = string | number | null;
export type OperationProperties = Readonly<Record<string, OperationPropertyValue>>;

interface OperationTypeDefinition {
  readonly action: CaseAction;
  readonly properties: readonly string[];
}

/** Each derived type of caseOperation, named without Graph's namespace prefix. */
export const OPERATION_TYPES = {
  caseExportOperation: { action: 'contentExport', properties: EXPORT_PROPERTIES },
  tagOperation: { action: 'applyTags', properties: [] },
  caseIndexOperation: { action: 'index', properties: [] },
  estimateStatisticsOperation: { action: 'estimateStatistics', properties: ESTIMATE_PROPERTIES },
  addToReviewSetOperation: { action: 'addToReviewSet', properties: [] },
  caseHoldOperation: { action: 'holdUpdate', properties: [] },
  purgeDataOperation: { action: 'purgeData', properties: [] },
  caseOperation: { action: 'convertToPdf', properties: [] },
} as const satisfies Record<string, OperationTypeDefinition>;

export type OperationType = keyof typeof OPERATION_TYPES;

export const OPERATION_TYPE_NAMES = Object.keys(OPERATION_TYPES) as OperationType[];

/** The type an operation of this action is; `unknownFutureValue` has none. */
export function typeForAction(action: CaseAction): OperationType | undefined {
  return OPERATION_TYPE_NAMES.find((type) => OPERATION_TYPES[type].action === action);
}

export function propertiesOfType(type: OperationType): readonly string[] {
  return OPERATION_TYPES[type].properties;
}
