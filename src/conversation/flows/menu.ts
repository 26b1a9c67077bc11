import type { Choice, OutboundMessage } from '../../core/messages.js';
import { T } from '../texts.js';

export const MAIN_MENU: Choice[][] = [
  [
    { label: T.menuStatus, data: 'm:status' },
    { label: T.menuSubmit, data: 'm:submit' },
  ],
  [{ label: T.menuHelp, data: 'm:help' }],
];

export function withMenu(text: string): OutboundMessage {
  return { text, choices: MAIN_MENU };
}
