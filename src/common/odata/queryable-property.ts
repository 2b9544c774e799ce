/** The Edm type of a queryable property, as far as $filter and $orderby need to know it. */
export type PropertyType =
  | { readonly kind: 'string' }
  | { readonly kind: 'guid' }
  | { readonly kind: 'int32' }
  | { readonly kind: 'dateTime' }
  | { readonly kind: 'enum'; readonly members: readonly string[] };

/** How one OData property path of a resource maps onto its SQL row. */
export interface QueryableProperty {
  readonly type: PropertyType;
  /** A trusted SQL expression chosen by the resource, e.g. `o.status`; never client input. */
  readonly sql: string;
  readonly nullable: boolean;
  readonly orderable: boolean;
}

/**
 * The properties a collection lets clients filter and order by, keyed by OData path
 * (`status`, `createdBy/user/id`). It must contain `id`: the key that makes every order total.
 */
export type QueryableProperties = Readonly<Record<string, QueryableProperty>>;

export const KEY_PATH = 'id';

/** A value a property can hold in a filter literal or a paging cursor. */
export type PropertyValue = string | number | Date | null;

export function findProperty(
  properties: QueryableProperties,
  path: string,
): QueryableProperty | undefined {
  return Object.hasOwn(properties, path) ? properties[path] : undefined;
}

export function requireProperty(properties: QueryableProperties, path: string): QueryableProperty {
  const property = findProperty(properties, path);
  if (!property) {
    throw new Error(`queryable property '${path}' is not declared`);
  }
  return property;
}

/** Checks a property table once at start-up, so a broken declaration fails fast and loudly. */
export function assertQueryableProperties(properties: QueryableProperties): void {
  const key = requireProperty(properties, KEY_PATH);
  if (key.nullable || !key.orderable) {
    throw new Error(`queryable property '${KEY_PATH}' must be orderable and not nullable`);
  }

  for (const [path, property] of Object.entries(properties)) {
    if (property.type.kind === 'enum' && property.type.members.length === 0) {
      throw new Error(`queryable property '${path}' is an enum without members`);
    }
  }
}

/** Whether a value has the JS shape a property of this type holds (Date, number or string). */
export function fitsType(type: PropertyType, value: PropertyValue): boolean {
  switch (type.kind) {
    case 'dateTime':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'int32':
      return Number.isInteger(value);
    case 'enum':
      return typeof value === 'string' && type.members.includes(value);
    case 'string':
    case 'guid':
      return typeof value === 'string';
  }
}
