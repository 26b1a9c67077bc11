import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { invalid } from '../errors.js';
import { validateForm, type FormDefinition } from './schema.js';

/** A bad form file stops the start with every problem listed, file by file. */
export class FormLoadError extends Error {
  constructor(readonly problems: { file: string; path: string; message: string }[]) {
    super(
      `invalid form definitions:\n` +
        problems.map((p) => `  ${p.file}${p.path ? ` → ${p.path}` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'FormLoadError';
  }
}

/** Reads, validates and returns every *.yaml / *.yml in dir (sorted by file name). */
export function loadFormsFromDir(dir: string): FormDefinition[] {
  const names = readdirSync(dir)
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort();
  const problems: FormLoadError['problems'] = [];
  const forms: FormDefinition[] = [];
  const fileOfKey = new Map<string, string>();

  for (const name of names) {
    let data: unknown;
    try {
      data = parseYaml(readFileSync(join(dir, name), 'utf8'));
    } catch (err) {
      problems.push({ file: name, path: '', message: yamlMessage(err) });
      continue;
    }
    const result = validateForm(data);
    if (!result.ok) {
      for (const issue of result.issues) problems.push({ file: name, ...issue });
      continue;
    }
    const earlier = fileOfKey.get(result.form.key);
    if (earlier) {
      problems.push({ file: name, path: 'key', message: `key "${result.form.key}" is already used by ${earlier}` });
      continue;
    }
    fileOfKey.set(result.form.key, name);
    forms.push(result.form);
  }

  if (problems.length) throw new FormLoadError(problems);
  return forms;
}

export const YAML_CONTENT_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml', 'text/x-yaml'] as const;

export function isYamlContentType(contentType: string | undefined): boolean {
  const mime = mediaType(contentType);
  return (YAML_CONTENT_TYPES as readonly string[]).includes(mime);
}

export function isJsonContentType(contentType: string | undefined): boolean {
  return /^application\/([a-z.-]+\+)?json$/.test(mediaType(contentType));
}

/**
 * Parses a form sent as JSON or YAML (by content type) into plain data, not yet validated.
 * Unreadable text is a DomainError invalid naming `body`, with the line when YAML knows it.
 */
export function parseFormText(text: string, contentType: string | undefined): unknown {
  if (isJsonContentType(contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw invalid(`body: not valid JSON (${(err as Error).message})`, 'body');
    }
  }
  if (isYamlContentType(contentType)) {
    try {
      return parseYaml(text) as unknown;
    } catch (err) {
      throw invalid(`body: not valid YAML (${yamlMessage(err)})`, 'body');
    }
  }
  throw invalid(
    `body: send the form as application/json or YAML (${YAML_CONTENT_TYPES.join(', ')}), not ${mediaType(contentType) || 'no content type'}`,
    'body',
  );
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function yamlMessage(err: unknown): string {
  if (err instanceof YAMLParseError) {
    const where = err.linePos?.[0];
    const first = err.message.split('\n')[0] ?? err.message;
    return where ? `${first.replace(/ at line \d+, column \d+:?$/, '')} (line ${where.line}, column ${where.col})` : first;
  }
  return err instanceof Error ? err.message : String(err);
}
