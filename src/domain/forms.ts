import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { forms } from '../db/schema/index.js';
import { loadFormsFromDir } from '../core/forms/load.js';
import { validateForm, type FormDefinition } from '../core/forms/schema.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { conflict, notFound } from '../core/errors.js';

/** Where a form comes from: a file in bot-flows/forms (read-only), or added through the API. */
export type FormSource = 'builtin' | 'api';

export type FormEntry = {
  key: string;
  title: string;
  source: FormSource;
  definition: FormDefinition;
  createdAt: Date | null;
  updatedAt: Date | null;
};

export const BUILTIN_FORMS_DIR = fileURLToPath(new URL('../../bot-flows/forms', import.meta.url));

/** Reads and validates bot-flows/forms/*.yaml; throws FormLoadError naming each file and path. */
export function loadBuiltinForms(dir: string = BUILTIN_FORMS_DIR): FormDefinition[] {
  return loadFormsFromDir(dir);
}

/**
 * The built-in forms, read once. A module-level lazy cache rather than a Ctx field because
 * the files never change while the process runs, and every caller (HTTP, bot, jobs) already
 * holds a Ctx that this helper does not own. main.ts should call it at start so a broken
 * YAML file stops the start instead of the first request. Tests that need other file forms
 * use createFormRegistry.
 */
let builtinCache: FormDefinition[] | undefined;
export function builtinForms(): FormDefinition[] {
  builtinCache ??= loadBuiltinForms();
  return builtinCache;
}

export type FormRegistry = {
  listForms(ctx: Ctx): FormEntry[];
  /** The definition to fill in, or undefined (unknown key or an inactive API form). */
  getForm(ctx: Ctx, key: string): FormDefinition | undefined;
  /** The full entry, or not_found. */
  getFormEntry(ctx: Ctx, key: string): FormEntry;
  formExists(ctx: Ctx, key: string): boolean;
  /** Creates or replaces an API form; a built-in key is a conflict on `key`. */
  saveForm(ctx: Ctx, definition: FormDefinition): { entry: FormEntry; created: boolean };
};

/** Built-in (file) forms first, then forms staff added through the API (table `forms`). */
export function createFormRegistry(fileForms: FormDefinition[]): FormRegistry {
  const byKey = new Map(fileForms.map((f) => [f.key, f]));
  const builtinEntry = (f: FormDefinition): FormEntry => ({
    key: f.key,
    title: f.title,
    source: 'builtin',
    definition: f,
    createdAt: null,
    updatedAt: null,
  });

  function dbEntry(ctx: Ctx, row: typeof forms.$inferSelect): FormEntry | undefined {
    // Stored definitions were valid when saved; re-check so a schema change cannot crash a chat.
    const result = validateForm(row.definition);
    if (!result.ok) {
      ctx.log.warn({ key: row.key, issues: result.issues }, 'stored form no longer valid; ignored');
      return undefined;
    }
    return { key: row.key, title: row.title, source: 'api', definition: result.form, createdAt: row.createdAt, updatedAt: row.updatedAt };
  }

  function findDbEntry(ctx: Ctx, key: string): FormEntry | undefined {
    const row = ctx.db.select().from(forms).where(eq(forms.key, key)).get();
    return row && row.active ? dbEntry(ctx, row) : undefined;
  }

  const registry: FormRegistry = {
    listForms(ctx) {
      const rows = ctx.db.select().from(forms).where(eq(forms.active, true)).orderBy(asc(forms.key)).all();
      const fromDb = rows.flatMap((r) => dbEntry(ctx, r) ?? []).filter((e) => !byKey.has(e.key));
      return [...fileForms.map(builtinEntry), ...fromDb];
    },

    getForm(ctx, key) {
      return byKey.get(key) ?? findDbEntry(ctx, key)?.definition;
    },

    getFormEntry(ctx, key) {
      const builtin = byKey.get(key);
      if (builtin) return builtinEntry(builtin);
      const entry = findDbEntry(ctx, key);
      if (!entry) throw notFound('form', key);
      return entry;
    },

    formExists(ctx, key) {
      return registry.getForm(ctx, key) !== undefined;
    },

    saveForm(ctx, definition) {
      if (byKey.has(definition.key)) {
        throw conflict(`form ${definition.key} is built in (bot-flows/forms) and cannot be replaced through the API; choose another key`, 'key');
      }
      return ctx.db.transaction(() => {
        const now = ctx.clock.now();
        const before = ctx.db.select().from(forms).where(eq(forms.key, definition.key)).get();
        const row = before
          ? ctx.db
              .update(forms)
              .set({ title: definition.title, definition, active: true, updatedAt: now })
              .where(eq(forms.key, definition.key))
              .returning()
              .get()!
          : ctx.db
              .insert(forms)
              .values({ key: definition.key, title: definition.title, definition, active: true, createdAt: now, updatedAt: now })
              .returning()
              .get();
        recordAudit(ctx, {
          action: before ? 'form.update' : 'form.create',
          entity: 'form',
          entityId: definition.key,
          before: before ?? null,
          after: row,
        });
        const entry: FormEntry = { key: row.key, title: row.title, source: 'api', definition, createdAt: row.createdAt, updatedAt: row.updatedAt };
        return { entry, created: !before };
      });
    },
  };
  return registry;
}

let defaultRegistry: FormRegistry | undefined;
function registry(): FormRegistry {
  defaultRegistry ??= createFormRegistry(builtinForms());
  return defaultRegistry;
}

/** Verbs over the built-in forms plus the table: what HTTP, the bot and jobs call. */
export const listForms = (ctx: Ctx): FormEntry[] => registry().listForms(ctx);
export const getForm = (ctx: Ctx, key: string): FormDefinition | undefined => registry().getForm(ctx, key);
export const getFormEntry = (ctx: Ctx, key: string): FormEntry => registry().getFormEntry(ctx, key);
export const formExists = (ctx: Ctx, key: string): boolean => registry().formExists(ctx, key);
export const saveForm = (ctx: Ctx, definition: FormDefinition): { entry: FormEntry; created: boolean } =>
  registry().saveForm(ctx, definition);
