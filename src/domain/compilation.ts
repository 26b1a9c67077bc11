import type { AnswerValue } from '../core/forms/answers.js';
import { questionLabel, type Question } from '../core/forms/schema.js';
import { preparedFor } from '../db/prepared.js';
import { getCampaign, getCampaignWithRequirements, type Campaign } from './campaigns.js';
import type { Ctx } from './context.js';
import { getForm } from './forms.js';
import { progressOf, type Progress } from './progress.js';
import { requirementRows, type RequirementRow } from './requirement-rows.js';
import { getRequirement, type Requirement } from './requirements.js';

/** What a compiled export covers: one requirement, or every requirement of a campaign. */
export type CompileScope = { requirementId: number } | { campaignId: number };

export type CompiledFile = { id: number; originalName: string; mimeType: string; size: number; version: number; submittedAt: Date };

export type CompiledRow = RequirementRow & {
  /** The latest version's form answers, by question id. */
  answers: Record<string, AnswerValue>;
  links: string[];
  /** Files of the latest version (attached or given as an answer). */
  files: CompiledFile[];
};

export type GroupTotals = Progress & { name: string };

export type CompiledRequirement = {
  requirement: Requirement;
  /** The form's questions that take an answer worth a column (every type but file). */
  questions: Question[];
  rows: CompiledRow[];
  progress: Progress;
  byKind: GroupTotals[];
  byParent: GroupTotals[];
  /** Sum of each number question over the units that answered. */
  sums: { id: string; label: string; total: number; answered: number }[];
};

export type Compilation = { campaign: Campaign; requirements: CompiledRequirement[] };

const statements = preparedFor((db) => ({
  latest: db.$client.prepare(
    `SELECT s.unit_id, s.id, s.answers, s.links, s.version, s.submitted_at FROM submissions s
      WHERE s.requirement_id = ? AND s.version = (SELECT MAX(version) FROM submissions x WHERE x.requirement_id = s.requirement_id AND x.unit_id = s.unit_id)`,
  ),
  files: db.$client.prepare(
    `SELECT s.unit_id, s.version, s.submitted_at, f.id, f.original_name, f.mime_type, f.size
       FROM submissions s JOIN submission_files sf ON sf.submission_id = s.id JOIN files f ON f.id = sf.file_id
      WHERE s.requirement_id = ? ORDER BY s.unit_id, s.version, f.id`,
  ),
  filesById: db.$client.prepare(`SELECT id, original_name, mime_type, size FROM files WHERE id IN (SELECT value FROM json_each(?))`),
}));

type FileRow = { unit_id: number; version: number; submitted_at: number; id: number; original_name: string; mime_type: string; size: number };

/** Every file a requirement received, all versions, by unit: what the ZIP holds. */
export function receivedFiles(ctx: Ctx, requirementId: number): Map<number, CompiledFile[]> {
  const byUnit = new Map<number, CompiledFile[]>();
  for (const f of statements(ctx.db).files.all(requirementId) as FileRow[]) {
    const list = byUnit.get(f.unit_id) ?? byUnit.set(f.unit_id, []).get(f.unit_id)!;
    list.push({ id: f.id, originalName: f.original_name, mimeType: f.mime_type, size: f.size, version: f.version, submittedAt: new Date(f.submitted_at) });
  }
  return byUnit;
}

function totalsBy(rows: CompiledRow[], keyOf: (r: CompiledRow) => string): GroupTotals[] {
  const groups = new Map<string, CompiledRow[]>();
  for (const r of rows) (groups.get(keyOf(r)) ?? groups.set(keyOf(r), []).get(keyOf(r))!).push(r);
  return [...groups].map(([name, list]) => ({ name, ...progressOf(list.map((r) => ({ status: r.status, lastSubmittedAt: r.receivedAt }))) }));
}

function compileRequirement(ctx: Ctx, requirement: Requirement): CompiledRequirement {
  const { rows } = requirementRows(ctx, requirement.id);
  const st = statements(ctx.db);
  type Latest = { unit_id: number; id: number; answers: string; links: string; version: number; submitted_at: number };
  const latest = new Map<number, Latest>();
  for (const r of st.latest.all(requirement.id) as Latest[]) latest.set(r.unit_id, r);
  const attached = new Map<number, CompiledFile[]>();
  for (const [unitId, list] of receivedFiles(ctx, requirement.id)) {
    const version = latest.get(unitId)?.version;
    attached.set(unitId, list.filter((f) => f.version === version));
  }
  const form = requirement.formKey ? getForm(ctx, requirement.formKey) : undefined;
  const questions = (form?.questions ?? []).filter((q) => q.type !== 'file');
  const fileQuestions = (form?.questions ?? []).filter((q) => q.type === 'file');

  const parsed = new Map<number, Record<string, AnswerValue>>();
  const answerFileIds = new Set<number>();
  for (const [unitId, l] of latest) {
    const answers = JSON.parse(l.answers) as Record<string, AnswerValue>;
    parsed.set(unitId, answers);
    for (const q of fileQuestions) {
      const v = answers[q.id];
      if (v && typeof v === 'object' && 'fileId' in v) answerFileIds.add(v.fileId);
    }
  }
  type FileInfo = { id: number; original_name: string; mime_type: string; size: number };
  const answerFiles = new Map<number, FileInfo>();
  if (answerFileIds.size) for (const f of st.filesById.all(JSON.stringify([...answerFileIds])) as FileInfo[]) answerFiles.set(f.id, f);

  const compiled = rows.map((row): CompiledRow => {
    const l = latest.get(row.unit.id);
    const answers = parsed.get(row.unit.id) ?? {};
    const files = [...(attached.get(row.unit.id) ?? [])];
    for (const q of fileQuestions) {
      const v = answers[q.id];
      const info = v && typeof v === 'object' && 'fileId' in v ? answerFiles.get(v.fileId) : undefined;
      if (info && l && !files.some((f) => f.id === info.id)) {
        files.push({ id: info.id, originalName: info.original_name, mimeType: info.mime_type, size: info.size, version: l.version, submittedAt: new Date(l.submitted_at) });
      }
    }
    return { ...row, answers, links: l ? (JSON.parse(l.links) as string[]) : [], files };
  });
  // The table order: by unit code, the way the office files them.
  compiled.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
  const sums = questions
    .filter((q) => q.type === 'number')
    .map((q) => {
      let total = 0;
      let answered = 0;
      for (const r of compiled) {
        const v = r.answers[q.id];
        if (typeof v === 'number' && r.status !== 'returned') {
          total += v;
          answered += 1;
        }
      }
      return { id: q.id, label: questionLabel(q), total, answered };
    });
  return {
    requirement,
    questions,
    rows: compiled,
    progress: progressOf(compiled.map((r) => ({ status: r.status, lastSubmittedAt: r.receivedAt }))),
    byKind: totalsBy(compiled, (r) => r.unit.kindLabel),
    byParent: totalsBy(compiled, (r) => r.unit.parentName ?? '(không có cấp trên)'),
    sums,
  };
}

/**
 * Everything the office compiles for the province (part III of the plan): per requirement, one
 * row per unit with its status and latest answers, totals by kind and by parent unit, and the
 * sums of the number questions.
 */
export function compile(ctx: Ctx, scope: CompileScope): Compilation {
  if ('requirementId' in scope) {
    const requirement = getRequirement(ctx, scope.requirementId);
    return { campaign: getCampaign(ctx, requirement.campaignId), requirements: [compileRequirement(ctx, requirement)] };
  }
  const { campaign, requirements } = getCampaignWithRequirements(ctx, scope.campaignId);
  return { campaign, requirements: requirements.map((r) => compileRequirement(ctx, r)) };
}
