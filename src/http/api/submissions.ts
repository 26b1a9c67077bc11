import { CHANNELS } from '../../core/messages.js';
import { createRoute, z } from '@hono/zod-openapi';
import type { Ctx } from '../../domain/context.js';
import { invalid } from '../../core/errors.js';
import { checkAnswers } from '../../domain/submission-answers.js';
import { ACCEPTED_FILE_TYPES_TEXT, MAX_FILE_BYTES, storeFile } from '../../domain/files.js';
import {
  checkCanSubmit,
  checkLinks,
  createSubmission,
  getSubmission,
  listSubmissions,
  reviewSubmission,
  type Submission,
  type SubmissionDetail,
} from '../../domain/submissions.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import { MAX_URL_LENGTH } from '../../core/forms/answers.js';
import { jsonBodyLimit } from '../body-limit.js';
import { parseOrInvalid } from '../errors.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery, idNumber } from './schemas.js';

const MAX_FILES_PER_SUBMISSION = 10;
/** Several files of up to 20 MB each in one form; each file is still checked on its own. */
const MAX_UPLOAD_REQUEST_BYTES = 4 * MAX_FILE_BYTES + 1024 * 1024;

const Channel = z.enum([...CHANNELS, 'upload_link', 'api']);
const ReviewStateEnum = z.enum(['received', 'accepted', 'returned']);

const SubmissionSummary = z
  .object({
    id: z.number().int(),
    code: z.string().openapi({ example: 'NB-7K3Q9M' }),
    requirementId: z.number().int(),
    unitId: z.number().int(),
    unit: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    version: z.number().int(),
    channel: Channel,
    submittedAt: InstantString,
    onTime: z.boolean(),
    reviewState: ReviewStateEnum,
    fileCount: z.number().int(),
  })
  .openapi('SubmissionSummary');

const Review = z.object({
  state: ReviewStateEnum,
  reason: z.string().nullable(),
  reviewedAt: InstantString.nullable(),
  reviewedBy: z.number().int().nullable(),
});

const SubmissionSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    version: z.number().int(),
    channel: Channel,
    contactId: z.number().int().nullable(),
    staffUserId: z.number().int().nullable(),
    submittedAt: InstantString,
    onTime: z.boolean(),
    answers: z.record(z.string(), z.unknown()),
    links: z.array(z.string()),
    note: z.string().nullable(),
    files: z.array(
      z.object({
        id: z.number().int(),
        originalName: z.string(),
        mimeType: z.string(),
        size: z.number().int(),
        sha256: z.string(),
        url: z.string().openapi({ example: '/api/v1/files/12' }),
      }),
    ),
    unit: z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: z.string() }),
    requirement: z.object({
      id: z.number().int(),
      campaignId: z.number().int(),
      title: z.string(),
      kind: z.string(),
      dueAt: InstantString,
    }),
    review: Review,
  })
  .openapi('Submission');

function reviewDto(s: Submission, tz: string) {
  return {
    state: s.reviewState,
    reason: s.reviewReason,
    reviewedAt: s.reviewedAt ? formatLocalIso(s.reviewedAt, tz) : null,
    reviewedBy: s.reviewedBy,
  };
}

function submissionDto(s: SubmissionDetail, tz: string): z.infer<typeof SubmissionSchema> {
  return {
    id: s.id,
    code: s.code,
    version: s.version,
    channel: s.channel,
    contactId: s.contactId,
    staffUserId: s.staffUserId,
    submittedAt: formatLocalIso(s.submittedAt, tz),
    onTime: s.onTime,
    answers: s.answers,
    links: s.links,
    note: s.note,
    files: s.files.map((f) => ({ ...f, url: `/api/v1/files/${f.id}` })),
    unit: s.unit,
    requirement: { ...s.requirement, dueAt: formatLocalIso(s.requirement.dueAt, tz) },
    review: reviewDto(s, tz),
  };
}

const FileField = z
  .custom<File>((v) => v instanceof File, 'a file')
  .openapi({ type: 'string', format: 'binary' });

const MAX_LINKS = 20;
const MAX_ANSWERS = 100;

/**
 * One answer as the API takes it: a scalar, or a link for a file question. No deeper values:
 * answers are read by the form's types, and a nested value could only be someone's attack.
 */
const AnswerInput = z.union([
  z.string().max(5000),
  z.number().finite(),
  z.boolean(),
  z.null(),
  z.strictObject({ url: z.string().max(MAX_URL_LENGTH) }),
]);

const Answers = z
  .record(z.string().min(1).max(100), AnswerInput)
  .refine((a) => Object.keys(a).length <= MAX_ANSWERS, `must have at most ${MAX_ANSWERS} answers`)
  .openapi({ description: 'Question id → answer, read by the form\'s types' });

/** One validation for one operation: the JSON body, and the multipart form once its fields are read. */
const SubmissionFields = z.object({
  unitId: z.number().int().positive(),
  answers: Answers.optional(),
  links: z.array(z.string().max(MAX_URL_LENGTH)).max(MAX_LINKS).optional(),
  fileIds: z.array(z.number().int().positive()).max(MAX_FILES_PER_SUBMISSION).optional(),
  note: z.string().max(5000).optional(),
});
type SubmissionFields = z.infer<typeof SubmissionFields>;

/** The multipart form as it arrives (text fields and files); read into SubmissionFields. */
const SubmissionForm = z.object({
  unitId: idNumber(),
  file: z
    .union([FileField, z.array(FileField)])
    .optional()
    .openapi({ description: `Repeat the field for several files. Accepted: ${ACCEPTED_FILE_TYPES_TEXT}; 20 MB each.` }),
  links: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description: `Repeat the field, or send one JSON array; at most ${MAX_LINKS}` }),
  answers: z.string().optional().openapi({ description: 'Report answers as a JSON object' }),
  note: z.string().max(5000).optional(),
});

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Links arrive as repeated fields or as one JSON array in a field. */
function formLinks(raw: string | string[] | undefined): unknown[] | undefined {
  if (raw === undefined) return undefined;
  return asList(raw).flatMap((s) => {
    const t = s.trim();
    if (!t.startsWith('[')) return t ? [t] : [];
    const parsed = parseJsonField(t, 'links');
    if (Array.isArray(parsed)) return parsed as unknown[];
    throw invalid('links: not a JSON array of strings', 'links');
  });
}

function parseJsonField(raw: string, field: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw invalid(`${field}: not valid JSON`, field);
  }
}

/** The form's text fields, read into the same shape (and the same checks) as a JSON body. */
function formFields(form: Partial<z.infer<typeof SubmissionForm>>): SubmissionFields {
  if (form.unitId === undefined) throw invalid('unitId: required', 'unitId');
  const answers = form.answers?.trim() ? parseJsonField(form.answers, 'answers') : undefined;
  return parseOrInvalid(SubmissionFields, { unitId: form.unitId, answers, links: formLinks(form.links), note: form.note });
}

async function storeUploads(ctx: Ctx, uploads: File[]): Promise<number[]> {
  if (uploads.length > MAX_FILES_PER_SUBMISSION) {
    throw invalid(`file: at most ${MAX_FILES_PER_SUBMISSION} files per submission`, 'file');
  }
  const ids: number[] = [];
  for (const f of uploads) {
    const bytes = Buffer.from(await f.arrayBuffer());
    ids.push((await storeFile(ctx, { bytes, originalName: f.name, source: 'api' })).id);
  }
  return ids;
}

const uploadLimit = jsonBodyLimit(MAX_UPLOAD_REQUEST_BYTES, 'Dung lượng gửi lên quá lớn (mỗi tệp tối đa 20 MB).', 'file');

export function submissionsRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/submissions',
      tags: ['Submissions'],
      summary: 'List submissions, newest first',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: {
        query: PagingQuery.extend({
          requirementId: idNumber().optional(),
          unitId: idNumber().optional(),
        }),
      },
      responses: {
        200: jsonContent(
          pageOf(SubmissionSummary),
          'Submissions',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const { items, total } = listSubmissions(ctx, q);
      return c.json(
        {
          items: items.map(({ submission: s, unit, fileCount }) => ({
            id: s.id,
            code: s.code,
            requirementId: s.requirementId,
            unitId: s.unitId,
            unit,
            version: s.version,
            channel: s.channel,
            submittedAt: formatLocalIso(s.submittedAt, ctx.timeZone),
            onTime: s.onTime,
            reviewState: s.reviewState,
            fileCount,
          })),
          total,
          limit: q.limit,
          offset: q.offset,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/submissions/{id}',
      tags: ['Submissions'],
      summary: 'Get a submission with its answers, links and files',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(SubmissionSchema, 'Submission'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(submissionDto(getSubmission(ctx, c.req.valid('param').id), ctx.timeZone), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/requirements/{id}/submissions',
      tags: ['Submissions'],
      summary: "Record a unit's submission received by other means (e-mail, paper, in person)",
      description:
        'multipart/form-data with unitId, files (repeat `file`), links, answers (JSON) and note; or application/json without files. ' +
        'Each submission is a new version; earlier versions are kept. A closed requirement answers 409 `closed`; ' +
        'a unit outside the audience 400 with field `unitId`; a file over 20 MB 413; a file of another type 400 with field `file`.',
      security: bearer,
      middleware: [requireRole('staff'), uploadLimit] as const,
      request: {
        params: IdParam,
        body: {
          required: false,
          content: {
            'multipart/form-data': { schema: SubmissionForm },
            'application/json': { schema: SubmissionFields },
          },
        },
      },
      responses: { 201: jsonContent(SubmissionSchema, 'Recorded'), ...errorResponses },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const requirementId = c.req.valid('param').id;
      const staffUserId = ctx.actor.type === 'staff_user' ? ctx.actor.id : null;
      const isJson = (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json');
      // Both media types share one typed slot, so name the one this request used.
      const fields = isJson ? (c.req.valid('json') as SubmissionFields) : formFields(c.req.valid('form') as Partial<z.infer<typeof SubmissionForm>>);
      const req = checkCanSubmit(ctx, requirementId, fields.unitId);
      // Everything that can be refused is checked before a single upload is stored.
      const links = checkLinks(fields.links ?? []);
      const answers = fields.answers ? checkAnswers(ctx, req.formKey, fields.answers) : undefined;
      const uploaded = isJson ? [] : await storeUploads(ctx, asList((c.req.valid('form') as { file?: File | File[] }).file));
      const fileIds = [...(fields.fileIds ?? []), ...uploaded];
      const input = { ...fields, links, answers, fileIds, requirementId, channel: 'api' as const, staffUserId };
      const created = createSubmission(ctx, input);
      return c.json(submissionDto(getSubmission(ctx, created.id), ctx.timeZone), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/submissions/{id}/review',
      tags: ['Submissions'],
      summary: 'Accept a submission, or return it to the unit with a reason',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                state: z.enum(['accepted', 'returned']),
                reason: z.string().max(2000).optional().openapi({ description: 'Required when returned: the unit reads it' }),
              }),
            },
          },
        },
      },
      responses: { 200: jsonContent(SubmissionSchema, 'Reviewed'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const id = c.req.valid('param').id;
      reviewSubmission(ctx, id, c.req.valid('json'));
      return c.json(submissionDto(getSubmission(ctx, id), ctx.timeZone), 200);
    },
  );
}
