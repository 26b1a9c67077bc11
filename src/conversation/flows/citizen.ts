import { ensureCitizenContact } from '../../domain/contacts.js';
import { withActor } from '../../domain/context.js';
import { builtinLanguage } from '../../domain/faq-language.js';
import { isTicketCode } from '../../domain/tickets.js';
import { C } from '../citizen-texts.js';
import type { Intent } from '../intents.js';
import { IDLE } from '../session.js';
import { say, type Turn } from '../turn.js';
import { answerQuestion, recordVerdict, showCategory, showEntry, showTopics } from './citizen-answer.js';
import { showFollow, toggleTopic, unfollowAll } from './citizen-follow.js';
import { askErase, erase, keep } from './citizen-privacy.js';
import { askTicketText, chooseTicketKind, continueThread, forwardQuestion, lookupTicket, openChosenTicket } from './citizen-tickets.js';
import { citizenState, showMenu } from './citizen-ui.js';

const YES = /^(co|co a|da co|dung|dung roi|ok|yes|huu ich|co giup|co a cam on)$/;
const NO = /^(khong|ko|k|chua|no|khong giup|khong huu ich)$/;

/**
 * Parents and citizens: procedure answers from the knowledge base, questions and complaints
 * handed to staff as tickets, ticket lookup, announcement topics, and their personal data.
 * Channel-neutral: every choice also works as its number typed back (Zalo has no buttons).
 */
export function citizenTurn(turn: Turn, intent: Intent): void {
  const isNew = ensureCitizen(turn);
  if (isNew) say(turn, C.privacyNotice);
  const event = turn.event;
  const text = (event.text ?? '').trim();
  const command = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text);
  if (command) return onCommand(turn, command[1]!.toLowerCase(), (command[2] ?? '').trim(), isNew);

  const picked = pickedChoice(turn);
  if (picked) return onChoice(turn, picked);
  if (event.kind === 'sticker') return say(turn, C.smalltalk.thanks);
  if (event.kind !== 'text') return say(turn, C.notText);
  if (intent.kind === 'cancel') return showMenu(turn, C.menuPrompt);
  onText(turn, text, isNew);
}

/** Someone new who is not linking is a citizen: keep them, so tickets and answers have an owner. */
function ensureCitizen(turn: Turn): boolean {
  if (turn.contact) return false; // a citizen already, or a revoked unit contact keeping its row
  const { event } = turn;
  turn.contact = ensureCitizenContact(turn.ctx, {
    channel: event.channel,
    platformUserId: event.user.id,
    chatId: event.chatId,
    displayName: event.user.displayName,
  });
  turn.ctx = withActor(turn.ctx, { type: 'citizen', id: turn.contact.id, label: turn.contact.displayName || event.user.displayName });
  return true;
}

/** A pressed button, or a number typed back for one of the choices just offered. */
function pickedChoice(turn: Turn): string | undefined {
  if (turn.event.kind === 'button') return turn.event.data ?? '';
  const n = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(turn.event.text ?? '');
  const offered = citizenState(turn)?.offered;
  return n && offered ? offered[Number(n[1]) - 1] : undefined;
}

function onCommand(turn: Turn, name: string, args: string, isNew: boolean): void {
  switch (name) {
    case 'start':
      return showMenu(turn, C.welcome);
    case 'tracuu':
      return lookupTicket(turn, args || undefined);
    case 'theodoi':
      return showFollow(turn);
    case 'huytheodoi':
      return unfollowAll(turn);
    case 'xoadulieu':
      return askErase(turn);
    case 'hoi':
      return args ? answerQuestion(turn, args) : askPrompt(turn);
    case 'huy':
    case 'cancel':
      turn.state = IDLE;
      return showMenu(turn, C.menuPrompt);
    default:
      return showMenu(turn, isNew ? C.welcome : C.menuPrompt);
  }
}

function askPrompt(turn: Turn): void {
  turn.state = { flow: 'citizen', step: 'ask' };
  say(turn, C.askPrompt);
}

function onChoice(turn: Turn, data: string): void {
  const [kind, a, b] = data.split(':');
  if (kind === 'c') {
    if (a === 'ask') return askPrompt(turn);
    if (a === 'topics') return showTopics(turn);
    if (a === 'ticket') return chooseTicketKind(turn);
    if (a === 'lookup') return lookupTicket(turn, undefined);
    if (a === 'follow') return showFollow(turn);
    if (a === 'fwd') return forwardQuestion(turn);
  }
  if (kind === 'fb' && b) return recordVerdict(turn, Number(b), a === 'up');
  if (kind === 'faq' && a) return showEntry(turn, Number(a));
  if (kind === 'cat' && a) return showCategory(turn, a);
  if (kind === 'tk' && a) return askTicketText(turn, a);
  if (kind === 'sub' && a) return toggleTopic(turn, a);
  if (data === 'priv:erase') return erase(turn, turn.event.updateId);
  if (data === 'priv:keep') return keep(turn);
  // An old button (a unit contact's menu, a finished flow): show what citizens can do.
  showMenu(turn);
}

function onText(turn: Turn, text: string, isNew: boolean): void {
  const state = citizenState(turn);
  // The commands as words, for channels without a command menu (Zalo).
  if (/^xoa (het )?du lieu( cua toi)?$/.test(turn.input)) return askErase(turn);
  if (/^(huy|bo) theo doi( tat ca)?$/.test(turn.input)) return unfollowAll(turn);
  if (state?.step === 'ticket-text') return openChosenTicket(turn, state.kind, text);
  if (state?.step === 'thread') return continueThread(turn, state.ticketId, text);
  if (state?.step === 'lookup' || isTicketCode(text)) return lookupTicket(turn, text);
  if (state?.step === 'erase-confirm' && (YES.test(turn.input) || /^xoa/.test(turn.input))) return erase(turn, turn.event.updateId);
  if (state?.step === 'erase-confirm' && NO.test(turn.input)) return keep(turn);
  if (state?.step === 'answered' && YES.test(turn.input)) return recordVerdict(turn, state.entryId, true);
  if (state?.step === 'answered' && NO.test(turn.input)) return recordVerdict(turn, state.entryId, false);
  const language = builtinLanguage();
  const small = language.smalltalk(text);
  if (small === 'greeting' && isNew) return showMenu(turn, C.welcome);
  if (small === 'greeting') return showMenu(turn, C.smalltalk.greeting);
  if (small) {
    turn.state = IDLE;
    return say(turn, C.smalltalk[small]);
  }
  // Nothing to search for ("?", "alo ad ơi", only fillers): show what the bot can do.
  if (language.analyze(text).slots.length === 0) return showMenu(turn, isNew ? C.welcome : C.menuPrompt);
  answerQuestion(turn, text);
}
