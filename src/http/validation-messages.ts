import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a date',
};

/** Messages zod writes itself start like this; a message a schema chose is kept as it is. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized key|Expected)/;

const describeType = (expected: string) => TYPE_WORDS[expected] ?? expected;

function bound(origin: string, limit: number | bigint, over: boolean, inclusive: boolean | undefined): string {
  const n = Number(limit);
  if (origin === 'string') {
    if (!over && n === 1) return 'must not be empty';
    return `must be ${over ? 'at most' : 'at least'} ${n} characters`;
  }
  if (origin === 'array' || origin === 'set') return `must have ${over ? 'at most' : 'at least'} ${n} items`;
  if (origin === 'file') return `must be ${over ? 'at most' : 'at least'} ${n} bytes`;
  const sign = over ? (inclusive === false ? '<' : '≤') : inclusive === false ? '>' : '≥';
  return `must be ${sign} ${n}`;
}

/** One zod issue in plain words: "required", "must be a number", "must be one of: plan, report". */
export function plainMessage(issue: Issue): string {
  if (issue.code !== 'custom' && !ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'required';
      if (/received NaN$/.test(issue.message)) return 'must be a number';
      return `must be ${describeType(issue.expected)}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, false, issue.inclusive);
    case 'too_big':
      return bound(issue.origin, issue.maximum, true, issue.inclusive);
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'has the wrong type or shape';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_key':
    case 'invalid_element':
      return 'contains an invalid entry';
    case 'custom':
      return ZOD_DEFAULT.test(issue.message) ? 'is not valid' : issue.message;
  }
}
