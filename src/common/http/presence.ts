import { ValidateIf } from 'class-validator';

/** Validates a property only when it was sent; unlike IsOptional, null still gets validated. */
export const WhenSent = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

/** Validates a property only when it carries a value: it may be left out or cleared with null. */
export const WhenNotNull = (): PropertyDecorator =>
  ValidateIf((_, value) => value !== undefined && value !== null);
