import { foldVietnamese } from '../lib/text.js';
import type { Choice, OutboundMessage } from './messages.js';

/**
 * On a channel without buttons, what a person may type back to pick a choice: the number of
 * a numbered line, or its label (with or without diacritics). Kept per chat after the message
 * is delivered, so it survives a restart.
 */
export type Offered = {
  /** Data of the numbered choices, in order: "2" picks numbered[1]. */
  numbered: string[];
  /** Every choice by its folded label (without emoji or numbering). */
  labels: { key: string; data: string }[];
};

/**
 * Which choices a buttonless channel shows as numbered lines, and which as words to type:
 * choices already written numbered in the text (`listed`) keep those numbers; a message that
 * expects a typed answer (a number, a date) numbers nothing, so "2" stays an answer.
 */
export function layoutChoices(message: OutboundMessage): { numbered: Choice[]; words: Choice[] } {
  const all = message.choices?.flat() ?? [];
  const listed = all.filter((c) => c.listed);
  if (listed.length > 0 || message.typedAnswer) return { numbered: listed, words: all.filter((c) => !c.listed) };
  return { numbered: all, words: [] };
}

export function offeredOf(message: OutboundMessage): Offered | undefined {
  const all = message.choices?.flat() ?? [];
  if (all.length === 0) return undefined;
  const { numbered } = layoutChoices(message);
  return { numbered: numbered.map((c) => c.data), labels: all.map((c) => ({ key: labelKey(c.label), data: c.data })) };
}

/** The data of the choice a typed text picks, if it picks one. */
export function pickOffered(offered: Offered | undefined, text: string): string | undefined {
  if (!offered) return undefined;
  const n = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (n) return offered.numbered[Number(n[1]) - 1];
  const key = labelKey(text);
  if (key === '') return undefined;
  const exact = offered.labels.filter((l) => l.key === key);
  if (exact.length === 1) return exact[0]!.data;
  // "xong" for "Xong, trả lời câu hỏi": the first words of one label only.
  const starts = key.length >= 3 ? offered.labels.filter((l) => l.key.startsWith(`${key} `)) : [];
  return starts.length === 1 ? starts[0]!.data : undefined;
}

/** A label as compared with what a person types: no emoji, numbering or punctuation, folded. */
export function labelKey(label: string): string {
  return foldVietnamese(label.replace(/^\s*\d{1,2}[.)]\s*/, '').replace(/[^\p{L}\p{N}\s]/gu, ' '));
}
