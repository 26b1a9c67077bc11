import { DEFAULT_TOPICS, subscribe, topicsOf, unsubscribe } from '../../domain/subscriptions.js';
import { C } from '../citizen-texts.js';
import { say, type Turn } from '../turn.js';
import { offer } from './citizen-ui.js';

function topicChoices(followed: string[]) {
  return DEFAULT_TOPICS.map((t) => [{ label: `${followed.includes(t.key) ? '✅' : '➕'} ${t.label}`, data: `sub:${t.key}` }]);
}

/** The announcement topics with what the person follows; pressing one turns it on or off. */
export function showFollow(turn: Turn, note?: string): void {
  const followed = topicsOf(turn.ctx, turn.contact!.id);
  const header = C.followHeader(followed.length);
  offer(turn, note ? `${note}\n\n${header}` : header, topicChoices(followed), { step: 'menu' });
}

export function toggleTopic(turn: Turn, key: string): void {
  const topic = DEFAULT_TOPICS.find((t) => t.key === key);
  if (!topic) return showFollow(turn);
  const contactId = turn.contact!.id;
  const removed = unsubscribe(turn.ctx, { contactId, topic: key });
  if (!removed) subscribe(turn.ctx, { contactId, topic: key });
  showFollow(turn, removed ? C.unfollowed(topic.label) : C.followed(topic.label));
}

/** /huytheodoi: one command and nothing more arrives. */
export function unfollowAll(turn: Turn): void {
  const contactId = turn.contact!.id;
  const topics = topicsOf(turn.ctx, contactId);
  for (const topic of topics) unsubscribe(turn.ctx, { contactId, topic });
  turn.state = { flow: 'idle' };
  say(turn, C.unfollowedAll(topics.length));
}
