import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'invalid' }),
    message: z.string(),
    field: z.string().optional(),
    details: z.unknown().optional(),
  })
  .openapi('Error');

/**
 * A whole number in a path, query or form field, written in decimal digits only: "16", never
 * "0x10", "1e1", " 1" or "16.0" (which Number() would all accept).
 */
export function decimalInt(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** A database id: a positive whole number in decimal digits. */
export const idNumber = () => decimalInt(1);

export const IdParam = z.object({
  id: idNumber().openapi({ param: { name: 'id', in: 'path' }, example: '1' }),
});

export const PagingQuery = z.object({
  limit: decimalInt(1, 1000).default(100).openapi({ example: '100' }),
  offset: decimalInt(0).default(0).openapi({ example: '0' }),
});

/** Responses every guarded route may give, for the OpenAPI document. */
export const errorResponses = {
  400: { description: 'Invalid input; `field` names what is wrong', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'No or unknown credentials', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Role too low', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Unknown id', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflict', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const bearer = [{ bearerAuth: [] }];

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** Instants go out as ISO strings with the app's zone offset. */
export const InstantString = z.string().openapi({ example: '2026-05-23T17:00:00+07:00' });

/** A page of a list: `{items, total, limit, offset}`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}
