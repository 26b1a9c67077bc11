import { Hono } from 'hono';
import { DomainError } from '../../../core/errors.js';
import { createSavedReply, deleteSavedReply, listSavedReplies, updateSavedReply } from '../../../domain/saved-replies.js';
import type { DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { savedRepliesPage } from '../pages/saved-replies.js';
import { signedIn } from '../session.js';
import { field, found, idParam, mistake, notFoundPage, readForm } from './helpers.js';

/** /inbox/saved-replies: the inbox's saved replies (registered before /inbox/:id). */
export function savedReplyRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const staff = signedIn('staff');
  const PATH = '/inbox/saved-replies';

  app.get(PATH, staff, (c) => c.html(savedRepliesPage({ session: c.get('session'), replies: listSavedReplies(c.get('ctx')), flash: takeFlash(c) })));

  app.post(PATH, staff, async (c) => {
    const form = await readForm(c);
    const input = { title: field(form, 'title', 200), body: field(form, 'body') };
    try {
      createSavedReply(c.get('ctx'), input);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const page = savedRepliesPage({ session: c.get('session'), replies: listSavedReplies(c.get('ctx')), flash: { kind: 'error', text: mistake(err) }, draft: input });
      return c.html(page, 400);
    }
    setFlash(c, { kind: 'ok', text: `Đã thêm mẫu “${input.title.trim()}”.` });
    return c.redirect(PATH, 303);
  });

  app.post(`${PATH}/:id`, staff, async (c) => {
    const id = idParam(c.req.param('id'));
    const form = await readForm(c);
    try {
      const done = id ? found(() => updateSavedReply(c.get('ctx'), id, { title: field(form, 'title', 200), body: field(form, 'body') })) : undefined;
      if (!done) return notFoundPage(c);
      setFlash(c, { kind: 'ok', text: `Đã lưu mẫu “${done.title}”.` });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(c, { kind: 'error', text: mistake(err) });
    }
    return c.redirect(PATH, 303);
  });

  app.post(`${PATH}/:id/delete`, staff, (c) => {
    const id = idParam(c.req.param('id'));
    const deleted = id ? found(() => (deleteSavedReply(c.get('ctx'), id), true)) : undefined;
    if (!deleted) return notFoundPage(c);
    setFlash(c, { kind: 'ok', text: 'Đã xóa mẫu.' });
    return c.redirect(PATH, 303);
  });

  return app;
}
