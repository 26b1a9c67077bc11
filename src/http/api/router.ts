import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.js';
import { validationError } from '../errors.js';

const SOURCE = { json: 'body', form: 'form', query: 'query', param: 'path', header: 'header', cookie: 'header' } as const;

/** An OpenAPIHono whose validation failures are 400s naming the field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return validationError(c, result.error, SOURCE[result.target as keyof typeof SOURCE] ?? 'body');
      }
      return undefined;
    },
  });
}

export type ApiRouter = OpenAPIHono<AppEnv>;
