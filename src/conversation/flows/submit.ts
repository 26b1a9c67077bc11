import { createSubmission } from '../../domain/submissions.js';
import { DomainError } from '../../core/errors.js';
import { openRequirementsForUnit, type UnitRequirement } from '../../domain/unit-requirements.js';
import { dueText } from '../../lib/due-text.js';
import { foldVietnamese } from '../../lib/text.js';
import { formatVnDateTime } from '../../lib/time.js';
import { readUrl, type AnswerValue } from '../../core/forms/answers.js';
import { acceptsFile } from '../../core/forms/file-kinds.js';
import { fillFormTexts, formTextValues } from '../../core/forms/template.js';
import { answerCurrent, attachFile, currentPrompt, nextQuestion, startForm, type FormRunState } from '../forms/run.js';
import type { FormDefinition } from '../../core/forms/schema.js';
import type { Choice, OutboundMessage } from '../../core/messages.js';
import { IDLE, type Attachments, type SessionState } from '../session.js';
import { T } from '../texts.js';
import { say, type Turn } from '../turn.js';
import { unitName } from './link.js';
import { withMenu } from './menu.js';

type SubmitState = Extract<SessionState, { flow: 'submit' }>;
type AttachState = Extract<SubmitState, { step: 'attach' }>;

import { CANCEL_ROW, documentsIn, offerUploadLink, uploadLinkFor } from './upload-offer.js';
const NO_ATTACHMENTS: Attachments = { fileIds: [], fileNames: [], links: [] };

/** Entry: pick the requirement (inferred when only one is open), then ask for the file. */
export function startSubmit(turn: Turn, preselectedId?: number): void {
  const unitId = turn.contact!.unitId!;
  const open = openRequirementsForUnit(turn.ctx, unitId);
  if (open.length === 0) {
    turn.state = IDLE;
    say(turn, withMenu(T.noOpenRequirements(unitName(turn))));
    return;
  }
  const pick = open.find((r) => r.id === preselectedId) ?? (open.length === 1 ? open[0] : undefined);
  if (pick) {
    goAttach(turn, pick, NO_ATTACHMENTS);
    return;
  }
  turn.state = { flow: 'submit', step: 'choose', options: open.map((r) => r.id) };
  say(turn, chooseMessage(turn, open));
}

/** The open requirements, numbered in the text; "2" or the second button picks the second. */
function chooseMessage(turn: Turn, open: UnitRequirement[]): OutboundMessage {
  const now = turn.ctx.clock.now();
  const lines = open.map((r, i) => `${i + 1}. ${r.title} — ${dueText(r.dueAt, now, turn.ctx.timeZone)}`);
  return {
    text: `${T.chooseRequirement}\n${lines.join('\n')}`,
    choices: [...open.map((r, i) => [{ label: `${i + 1}. ${shorten(r.title, 40)}`, data: `r:${r.id}`, listed: true }]), CANCEL_ROW],
  };
}

/** A file or link sent while nothing is going on: start submitting with it. */
export function submitWithAttachment(turn: Turn): void {
  const { prefetched } = turn;
  if (turn.event.kind === 'file' && prefetched && !prefetched.ok && prefetched.tooBigMb === undefined) {
    // Refused before anything started: say why instead of asking which requirement it was for.
    say(turn, withMenu(T.fileRefused(prefetched.problem)));
    return;
  }
  startSubmit(turn);
  if (turn.state.flow === 'submit' && turn.state.step === 'attach') {
    turn.replies.length = 0;
    continueSubmit(turn);
  } else if (turn.state.flow === 'submit' && turn.state.step === 'choose') {
    // Keep the file: it is attached once the person picks the requirement.
    const pending = pendingAttachment(turn);
    if (pending) turn.state = { ...turn.state, pending };
  }
}

export function continueSubmit(turn: Turn): void {
  const state = turn.state as SubmitState;
  switch (state.step) {
    case 'choose':
      return onChoose(turn, state);
    case 'attach':
      return onAttach(turn, state);
    case 'form':
      return onForm(turn, state);
    case 'confirm':
      return onConfirm(turn, state);
  }
}

function requirementById(turn: Turn, id: number): UnitRequirement | undefined {
  return openRequirementsForUnit(turn.ctx, turn.contact!.unitId!).find((r) => r.id === id);
}

function onChoose(turn: Turn, state: Extract<SubmitState, { step: 'choose' }>): void {
  let id: number | undefined;
  const button = /^r:(\d+)$/.exec(turn.input);
  if (button) id = Number(button[1]);
  else if (/^\d{1,2}$/.test(turn.input)) id = state.options[Number(turn.input) - 1];
  const req = id !== undefined && state.options.includes(id) ? requirementById(turn, id) : undefined;
  if (!req) {
    if (turn.event.kind === 'file' || turn.event.kind === 'uploaded' || readUrl(turn.event.text ?? '')) {
      const pending = pendingAttachment(turn);
      if (pending) turn.state = { ...state, pending };
    }
    const open = openRequirementsForUnit(turn.ctx, turn.contact!.unitId!);
    say(turn, chooseMessage(turn, state.options.flatMap((o) => open.filter((r) => r.id === o))));
    return;
  }
  const carried = state.pending ?? NO_ATTACHMENTS;
  goAttach(turn, req, carried);
}

function goAttach(turn: Turn, req: UnitRequirement, carried: Attachments): void {
  const now = turn.ctx.clock.now();
  turn.state = { flow: 'submit', step: 'attach', requirementId: req.id, ...carried };
  const chosen = T.chosenRequirement(req.title, dueText(req.dueAt, now, turn.ctx.timeZone));
  const intro = req.latest ? `${chosen}\n${newVersionNotice(turn, req.latest)}` : chosen;
  if (carried.fileIds.length + carried.links.length > 0) {
    say(turn, { text: `${intro}\n${attachedSummary(carried)}`, choices: attachChoices(turn, req, true) });
    return;
  }
  if (!documentsIn(turn)) {
    // Zalo Bot: documents never reach the bot, so the personal upload page is offered at once.
    const ask = req.kind === 'report' ? T.askLinkOrUploadOrSkip : T.askLinkOrUpload;
    say(turn, { text: `${intro}\n${ask}`, link: uploadLinkFor(turn, req), choices: attachChoices(turn, req, false) });
    return;
  }
  const ask = req.kind === 'report' ? T.askFileOrSkip : T.askFile;
  say(turn, { text: `${intro}\n${ask}`, choices: attachChoices(turn, req, false) });
}

/** Said before a second submission begins, so "lần nộp thứ 2" on the receipt is no surprise. */
function newVersionNotice(turn: Turn, latest: NonNullable<UnitRequirement['latest']>): string {
  const at = formatVnDateTime(latest.submittedAt, turn.ctx.timeZone);
  return latest.reviewState === 'returned'
    ? T.resubmitAfterReturn({ version: latest.version + 1, reason: latest.reviewReason })
    : T.alreadySubmitted({ at, code: latest.code, version: latest.version, next: latest.version + 1 });
}

function attachChoices(turn: Turn, req: UnitRequirement, hasSome: boolean): Choice[][] {
  const rows: Choice[][] = [];
  if (hasSome) rows.push([{ label: formFor(turn, req) ? T.doneButton : T.doneNoFormButton, data: 'done' }]);
  else if (req.kind === 'report') rows.push([{ label: T.skipButton, data: 'skip' }]);
  if (turn.services.publicBaseUrl) rows.push([{ label: T.uploadButton, data: 'up' }]);
  rows.push(CANCEL_ROW);
  return rows;
}

function attachedSummary(a: Attachments): string {
  const parts = [...a.fileNames.map((n) => `tệp “${n}”`), ...a.links.map((l) => l)];
  return `Đã nhận: ${parts.join(', ')}. Gửi thêm, hoặc chọn “Xong” để trả lời các câu hỏi.`;
}

/** The file or link this event carries, already checked; undefined if none (or refused). */
function pendingAttachment(turn: Turn): Attachments | undefined {
  const { event, prefetched } = turn;
  if (event.kind === 'uploaded' && event.storedFileId) {
    return { fileIds: [event.storedFileId], fileNames: [event.text ?? 'tệp tải lên'], links: [] };
  }
  if (event.kind === 'file' && prefetched?.ok) return { fileIds: [prefetched.fileId], fileNames: [prefetched.name], links: [] };
  const url = event.kind === 'text' ? readUrl(event.text ?? '') : undefined;
  if (url && (event.text ?? '').length <= 2000) return { fileIds: [], fileNames: [], links: [url] };
  return undefined;
}

function onAttach(turn: Turn, state: AttachState): void {
  const req = requirementById(turn, state.requirementId);
  if (!req) {
    turn.state = IDLE;
    say(turn, withMenu(T.requirementClosed));
    return;
  }
  const { event, prefetched } = turn;
  if (event.kind === 'file' && prefetched && !prefetched.ok) {
    if (prefetched.tooBigMb !== undefined) return offerUploadLink(turn, req, T.fileTooBig(prefetched.tooBigMb));
    say(turn, { text: T.fileRefused(prefetched.problem), choices: attachChoices(turn, req, hasAttachments(state)) });
    return;
  }
  const added = pendingAttachment(turn);
  if (added) {
    const next: AttachState = {
      ...state,
      fileIds: [...state.fileIds, ...added.fileIds],
      fileNames: [...state.fileNames, ...added.fileNames],
      links: [...state.links, ...added.links],
    };
    turn.state = next;
    const text = added.links.length > 0 ? T.gotLink(added.links[0]!) : T.gotFile(added.fileNames[0]!);
    say(turn, { text, choices: attachChoices(turn, req, true) });
    return;
  }
  const input = turn.input;
  if (input === 'done' || /^(xong|tiep|tiep tuc|ok|da gui xong)$/.test(input)) {
    if (!hasAttachments(state) && req.kind !== 'report') {
      say(turn, { text: T.needFileFirst, choices: attachChoices(turn, req, false) });
      return;
    }
    return goForm(turn, req, state);
  }
  if ((input === 'skip' || /^(bo qua|khong co tep|khong co)$/.test(input)) && req.kind === 'report') {
    // Without a form the file is all there is to send.
    if (!formFor(turn, req) && !hasAttachments(state)) {
      say(turn, { text: T.needFileFirst, choices: attachChoices(turn, req, false) });
      return;
    }
    return goForm(turn, req, state);
  }
  if (input === 'up') return offerUploadLink(turn, req, T.uploadLink);
  if (event.kind === 'unsupported' && !documentsIn(turn)) return offerUploadLink(turn, req, T.documentsNotHere);
  say(turn, { text: T.notAFileOrLink, choices: attachChoices(turn, req, hasAttachments(state)) });
}

function hasAttachments(a: Attachments): boolean {
  return a.fileIds.length + a.links.length > 0;
}

/** The requirement's form, its texts speaking of this requirement's dates. */
function formFor(turn: Turn, req: UnitRequirement): FormDefinition | undefined {
  const form = req.formKey ? turn.services.getForm(turn.ctx, req.formKey) : undefined;
  return form && fillFormTexts(form, formTextValues(req.dueAt, turn.ctx.timeZone));
}

function goForm(turn: Turn, req: UnitRequirement, a: Attachments): void {
  const attachments: Attachments = { fileIds: a.fileIds, fileNames: a.fileNames, links: a.links };
  const form = formFor(turn, req);
  if (!form || form.questions.length === 0) {
    turn.state = { flow: 'submit', step: 'confirm', requirementId: req.id, answers: {}, ...attachments };
    say(turn, confirmMessage(`${T.reviewHeader}\n${req.title}\n${attachedList(attachments)}`));
    return;
  }
  // The file or link sent a moment ago answers the form's file question: it is not asked again.
  const run = startForm(form, answersFromAttachments(form, attachments));
  turn.state = { flow: 'submit', step: 'form', requirementId: req.id, form: run, ...attachments };
  if (run.stage === 'complete') return finalize(turn, req, { ...attachments, form: run });
  say(turn, promptFor(form, run, attachments));
}

function answersFromAttachments(form: FormDefinition, a: Attachments): Record<string, AnswerValue> {
  const question = form.questions.find((q) => q.type === 'file');
  if (!question || question.type !== 'file') return {};
  const fileAt = a.fileNames.findIndex((name) => acceptsFile(question.accept, undefined, name));
  if (fileAt >= 0) return { [question.id]: { fileId: a.fileIds[fileAt]!, name: a.fileNames[fileAt] } };
  if (a.links.length > 0) return { [question.id]: { url: a.links[0]! } };
  return {};
}

/** What was sent with the submission beyond the file question's answer, for the review. */
function otherAttachments(form: FormDefinition, run: FormRunState, a: Attachments): string | undefined {
  const answered = new Set<string>();
  for (const value of Object.values(run.answers)) {
    if (value && typeof value === 'object' && 'fileId' in value) answered.add(`f:${value.fileId}`);
    if (value && typeof value === 'object' && 'url' in value) answered.add(`l:${value.url}`);
  }
  const lines = [
    ...a.fileIds.flatMap((id, i) => (answered.has(`f:${id}`) ? [] : [`• tệp “${a.fileNames[i]}”`])),
    ...a.links.flatMap((url) => (answered.has(`l:${url}`) ? [] : [`• link ${url}`])),
  ];
  return lines.length > 0 && form.questions.length > 0 ? `${T.alsoSent}\n${lines.join('\n')}` : undefined;
}

function attachedList(a: Attachments): string {
  return [...a.fileNames.map((n) => `• tệp “${n}”`), ...a.links.map((l) => `• link ${l}`)].join('\n') || '• (không có tệp)';
}

function confirmMessage(text: string): OutboundMessage {
  return {
    text: `${text}\n\n${T.pressConfirm}`,
    choices: [[{ label: T.confirmButton, data: 'say:co' }], [{ label: T.restartButton, data: 'say:sua 1' }], CANCEL_ROW],
  };
}

/** The question (or the review) as a message, with buttons where the answer is a pick. */
function promptFor(form: FormDefinition, run: FormRunState, attachments: Attachments): OutboundMessage {
  const text = currentPrompt(form, run, otherAttachments(form, run, attachments));
  if (run.stage === 'review') {
    return {
      text,
      choices: [[{ label: T.confirmButton, data: 'say:co' }], [{ label: T.restartButton, data: 'say:sua 1' }], CANCEL_ROW],
    };
  }
  const current = nextQuestion(form, run);
  const rows: Choice[][] = [];
  if (current) {
    const q = current.question;
    if (q.type === 'choice') q.options.forEach((o, i) => rows.push([{ label: shorten(o.label, 60), data: `say:${i + 1}`, listed: true }]));
    if (q.type === 'yesno') rows.push([{ label: T.yesButton, data: 'say:co' }, { label: T.noButton, data: 'say:khong' }]);
    if (!q.required) rows.push([{ label: T.skipButton, data: 'say:bo qua' }]);
  }
  rows.push(CANCEL_ROW);
  // A number, a date, a text: typed, so "2" is an answer and not the second shortcut.
  const typedAnswer = !!current && current.question.type !== 'choice' && current.question.type !== 'yesno';
  return { text, choices: rows, ...(typedAnswer ? { typedAnswer } : {}) };
}

function onForm(turn: Turn, state: Extract<SubmitState, { step: 'form' }>): void {
  const req = requirementById(turn, state.requirementId);
  const form = req ? formFor(turn, req) : undefined;
  if (!req || !form) {
    turn.state = IDLE;
    say(turn, withMenu(T.requirementClosed));
    return;
  }
  const { event, prefetched } = turn;
  let step: { state: FormRunState; error?: string };
  if (event.kind === 'file' || event.kind === 'uploaded') {
    if (event.kind === 'file' && prefetched && !prefetched.ok) {
      if (prefetched.tooBigMb !== undefined) return offerUploadLink(turn, req, T.fileTooBig(prefetched.tooBigMb));
      say(turn, T.fileRefused(prefetched.problem));
      return;
    }
    const file =
      event.kind === 'uploaded'
        ? { id: event.storedFileId!, name: event.text ?? 'tệp tải lên' }
        : prefetched?.ok
          ? { id: prefetched.fileId, name: prefetched.name, mimeType: prefetched.mimeType }
          : undefined;
    if (!file) return;
    step = attachFile(form, state.form, file);
  } else {
    const typed = turn.input.startsWith('say:') ? turn.input.slice(4) : (event.text ?? '');
    step = answerCurrent(form, state.form, typed, { timeZone: turn.ctx.timeZone, now: turn.ctx.clock.now() });
  }
  if (step.state.stage === 'cancelled') {
    turn.state = IDLE;
    say(turn, withMenu(T.cancelled));
    return;
  }
  turn.state = { ...state, form: step.state };
  if (step.state.stage === 'complete') return finalize(turn, req, { ...state, form: step.state });
  const prompt = promptFor(form, step.state, state);
  if (step.error) say(turn, { ...prompt, text: `${step.error}\n\n${prompt.text}` });
  else say(turn, prompt);
}

function onConfirm(turn: Turn, state: Extract<SubmitState, { step: 'confirm' }>): void {
  const req = requirementById(turn, state.requirementId);
  if (!req) {
    turn.state = IDLE;
    say(turn, withMenu(T.requirementClosed));
    return;
  }
  const answer = turn.input.startsWith('say:') ? turn.input.slice(4) : turn.input;
  const folded = foldVietnamese(answer);
  if (/^(co|c|gui|xac nhan|ok|dong y|yes|y)$/.test(folded)) return finalize(turn, req, state);
  if (/^(sua 1|sua|lam lai)$/.test(folded)) return goAttach(turn, req, { fileIds: state.fileIds, fileNames: state.fileNames, links: state.links });
  say(turn, confirmMessage(T.pressConfirm));
}

function finalize(
  turn: Turn,
  req: UnitRequirement,
  state: Attachments & { form?: FormRunState; answers?: Record<string, unknown> },
): void {
  const contact = turn.contact!;
  try {
    const submission = createSubmission(turn.ctx, {
      requirementId: req.id,
      unitId: contact.unitId!,
      channel: turn.event.channel,
      contactId: contact.id,
      answers: (state.form?.answers ?? state.answers ?? {}) as Record<string, unknown>,
      links: state.links,
      fileIds: state.fileIds,
    });
    turn.state = IDLE;
    say(
      turn,
      withMenu(
        T.receipt({
          unit: unitName(turn),
          requirement: req.title,
          code: submission.code,
          at: formatVnDateTime(submission.submittedAt, turn.ctx.timeZone),
          onTime: submission.onTime,
          version: submission.version,
        }),
      ),
    );
  } catch (err) {
    if (err instanceof DomainError) {
      turn.state = IDLE;
      say(turn, withMenu(err.kind === 'closed' ? T.requirementClosed : T.notSaved));
      return;
    }
    throw err;
  }
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
