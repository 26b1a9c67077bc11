import type { DomainError, DomainErrorKind } from '../core/errors.js';

/**
 * What a person reads when a domain verb refuses: one calm sentence per kind of error, here
 * only. A DomainError's own message is for staff and logs (English, or naming fields), never
 * for the chat.
 */
const BY_KIND: Record<DomainErrorKind, string> = {
  not_found: 'Không tìm thấy nội dung anh/chị nhắc tới; có thể nó đã được thay đổi hoặc gỡ bỏ.',
  forbidden: 'Tài khoản này không làm được việc đó. Anh/chị liên hệ Sở nếu cần hỗ trợ.',
  conflict: 'Việc này vừa có thay đổi. Anh/chị vui lòng kiểm tra lại rồi gửi lại.',
  invalid: 'Nội dung vừa gửi chưa hợp lệ. Anh/chị vui lòng kiểm tra lại rồi gửi lại.',
  closed: 'Việc này đã đóng, không nhận thêm nữa.',
  limit: 'Nội dung vừa gửi vượt quá giới hạn cho phép. Anh/chị vui lòng rút gọn hoặc chia nhỏ rồi gửi lại.',
};

/**
 * The one exception: storeFile's refusals (field 'file') are written for the person who sent
 * the file — which type, why a renamed file is refused — and the upload page shows the same.
 */
export function errorSentence(err: DomainError): string {
  return err.field === 'file' ? err.message : BY_KIND[err.kind];
}
