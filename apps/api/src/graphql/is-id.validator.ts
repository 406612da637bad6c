import { parseId } from '@photofeed/ids';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * An id argument in the exact form the api writes them (a positive 64-bit decimal string). A
 * GraphQL `ID` accepts any string, so without this a typo would reach the domain as "no such user".
 */
export function IsId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isId',
      validator: {
        validate: (value) => {
          try {
            parseId(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: (args) =>
          `${args?.property ?? 'id'} must be an id: a positive decimal integer, as a string`,
      },
    },
    options,
  );
}
