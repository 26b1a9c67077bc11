import type { OutboundMessage } from '../core/messages.js';

/** Button data of "Đã nhận" under a broadcast that asks for acknowledgement. */
export const ackData = (broadcastId: number) => `ack:${broadcastId}`;

/** The broadcast id in an "ack:<id>" button, or undefined for any other data. */
export function readAckData(data: string | undefined): number | undefined {
  const m = /^ack:(\d{1,12})$/.exec(data ?? '');
  return m ? Number(m[1]) : undefined;
}

export const ACK_BUTTON_LABEL = '✅ Đã nhận';

/** The one message every recipient gets (the same payload, so it is inserted set-based). */
export function broadcastMessage(b: { id: number; text: string; requireAck: boolean; attachmentFileId: number | null }): OutboundMessage {
  return {
    text: b.text,
    format: 'basic',
    ...(b.requireAck ? { choices: [[{ label: ACK_BUTTON_LABEL, data: ackData(b.id) }]] } : {}),
    ...(b.attachmentFileId !== null ? { fileId: b.attachmentFileId } : {}),
  };
}
