import { registerDecorator, ValidationOptions } from 'class-validator';

const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const TIME = String.raw`([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,7})?)?`;
const OFFSET = String.raw`(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)`;
const DATE_TIME_OFFSET = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);

/** True for an ISO 8601 date-time with an offset (`Z` or `±hh:mm`) naming a real calendar day. */
export function isDateTimeOffset(value: unknown): value is string {
  if (typeof value !== 'string') return false;

  const match = DATE_TIME_OFFSET.exec(value);
  if (match === null) return false;

  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
}

/** Graph's DateTimeOffset: ISO 8601 with an offset, such as `2026-12-03T09:30:00Z`. */
export function IsDateTimeOffset(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDateTimeOffset',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: 'must be an ISO 8601 date-time with an offset, such as 2026-12-03T09:30:00Z',
        ...options,
      },
      validator: { validate: isDateTimeOffset },
    });
}
