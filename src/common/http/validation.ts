import { ValidationError, ValidationPipe } from '@nestjs/common';

import { GraphError, GraphErrorDetail } from './graph-error';

/**
 * Validation as the whole service uses it (main.ts and the tests build the app through the same
 * set-up): no implicit type conversion, so `"5"` is not an integer, and unknown properties are
 * refused by name.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidBody(errors),
  });
}

function invalidBody(errors: ValidationError[]): GraphError {
  const details = errors.flatMap((error) => describe(error, ''));
  const first = details[0] ?? { code: 'invalidValue', message: 'The request body is not valid.' };
  return GraphError.badRequest(first.message, { target: first.target, details });
}

function describe(error: ValidationError, parent: string): GraphErrorDetail[] {
  const target = parent === '' ? error.property : `${parent}/${error.property}`;
  const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
    constraint === 'whitelistValidation'
      ? { code: 'unknownProperty', message: `Property '${target}' does not exist.`, target }
      : { code: 'invalidValue', message: `Invalid value for '${target}': ${message}.`, target },
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, target))];
}
