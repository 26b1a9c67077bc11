import type { FormIssue } from '../../../core/forms/schema.js';
import { questionLabel, type QuestionType } from '../../../core/forms/schema.js';
import type { FormEntry } from '../../../domain/forms.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { Csrf, ErrorNotice, FlashNotice, Layout } from './layout.js';

const QUESTION_TYPE: Record<QuestionType, string> = { text: 'chữ', number: 'số', choice: 'lựa chọn', yesno: 'có/không', date: 'ngày', file: 'tệp', url: 'đường liên kết' };

/** "questions.2.options" as staff read it: "câu hỏi 3 › options". */
export function issuePath(path: string): string {
  if (!path) return 'cả tệp';
  return path.replace(/^questions\.(\d+)/, (_, i: string) => `câu hỏi ${Number(i) + 1}`).replace(/\./g, ' › ');
}

/** The schema's words, with the common ones in Vietnamese. */
export function issueMessage(message: string): string {
  const unknown = /^unknown field "(.+)"$/.exec(message);
  if (unknown) return `trường lạ “${unknown[1]}” (có thể gõ sai tên)`;
  if (/received undefined|^Required$/i.test(message)) return 'thiếu trường bắt buộc này';
  return message;
}

export function formsPage(p: { session: PageSession; forms: FormEntry[]; issues?: FormIssue[]; error?: string; flash?: Flash }) {
  const { session } = p;
  return (
    <Layout title="Mẫu biểu" session={session}>
      <p class="muted">
        <a href="/admin">Quản trị</a> › Mẫu biểu
      </p>
      <h1>Mẫu biểu</h1>
      <FlashNotice flash={p.flash} />
      <ul>
        {p.forms.map((f) => (
          <li>
            <a href={`/admin/forms/${f.key}`}>{f.title}</a> <span class="muted">({f.key}, {f.definition.questions.length} câu hỏi, {f.source === 'builtin' ? 'có sẵn' : 'tải lên'})</span>
          </li>
        ))}
      </ul>
      <section class="card" aria-labelledby="upload-title">
        <h2 id="upload-title">Tải mẫu biểu (YAML)</h2>
        <p>Cùng cấu trúc với các tệp trong bot-flows/forms. Một mẫu trùng mã với mẫu đã tải lên sẽ thay mẫu đó; mẫu có sẵn thì không thay được.</p>
        <ErrorNotice error={p.error} id="form-errors" />
        {p.issues && p.issues.length > 0 && (
          <div class="table-wrap" tabindex={0} role="region" aria-labelledby="form-errors">
            <table>
              <thead>
                <tr>
                  <th scope="col">Vị trí</th>
                  <th scope="col">Lỗi</th>
                </tr>
              </thead>
              <tbody>
                {p.issues.map((i) => (
                  <tr>
                    <td>{issuePath(i.path)}</td>
                    <td>{issueMessage(i.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form method="post" action="/admin/forms" enctype="multipart/form-data" class="stack narrow">
          <Csrf session={session} />
          <label for="form-file">Tệp .yaml</label>
          <input id="form-file" type="file" name="file" required accept=".yaml,.yml,text/yaml" />
          <button type="submit">Kiểm tra và lưu</button>
        </form>
      </section>
    </Layout>
  );
}

export function formPage(p: { session: PageSession; form: FormEntry }) {
  const f = p.form.definition;
  return (
    <Layout title={f.title} session={p.session}>
      <p class="muted">
        <a href="/admin">Quản trị</a> › <a href="/admin/forms">Mẫu biểu</a>
      </p>
      <h1>{f.title}</h1>
      <p class="muted">Mã {f.key}</p>
      {f.description && <p class="pre">{f.description}</p>}
      <ol>
        {f.questions.map((q) => (
          <li>
            <b>{questionLabel(q)}</b> <span class="muted">({QUESTION_TYPE[q.type]}{q.required ? ', bắt buộc' : ''}, mã {q.id})</span>
            <br />
            {q.prompt}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
