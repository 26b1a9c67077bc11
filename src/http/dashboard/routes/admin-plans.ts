import { Hono } from 'hono';
import type { Context } from 'hono';
import { audienceUnitIds } from '../../../domain/audience.js';
import { closeCampaign, createCampaign, getCampaign, getCampaignWithRequirements, listCampaigns, updateCampaign, type Campaign } from '../../../domain/campaigns.js';
import { DomainError, invalid } from '../../../core/errors.js';
import { listForms } from '../../../domain/forms.js';
import { closeRequirement, createRequirement, DEFAULT_REMINDER_OFFSETS, getRequirement, listRequirements, updateRequirement, type Requirement, type RequirementInput } from '../../../domain/requirements.js';
import { listUnitKinds } from '../../../domain/unit-kinds.js';
import { unitCodes, unitIdsByCodes } from '../../../domain/units.js';
import { localParts } from '../../../lib/time.js';
import { splitCodes } from '../broadcast-form.js';
import type { DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { campaignPage, campaignsPage, requirementFormPage, type CampaignDraft, type RequirementDraft } from '../pages/admin-plans.js';
import { signedIn } from '../session.js';
import { field, fields, found, idParam, mistake, notFoundPage, readForm, type Form } from './helpers.js';

const CAMPAIGN_WORDING = { title: 'Anh/chị nhập tên kế hoạch.', issuedOn: 'Ngày ban hành không phải một ngày có thật.' };
const REQUIREMENT_WORDING = {
  title: 'Anh/chị nhập tên yêu cầu.',
  dueAt: 'Hạn nộp chưa đúng: chọn ngày và giờ.',
  reminderOffsets: 'Nhắc hạn: các mốc như -7d, -3d, -1d, 0d, +1d (d: ngày, h: giờ), cách nhau bởi dấu phẩy.',
  escalateAfter: 'Báo cấp trên: một mốc sau hạn, như +2d.',
  formKey: 'Mẫu biểu không có.',
  audience: 'Anh/chị chọn ít nhất một loại đơn vị hoặc một đơn vị phải nộp.',
  'audience.unitKinds': 'Loại đơn vị không có.',
};

const pad = (n: number) => String(n).padStart(2, '0');
const EMPTY_CAMPAIGN: CampaignDraft = { title: '', referenceNumber: '', issuedOn: '', description: '' };

const readCampaign = (form: Form): CampaignDraft => ({
  title: field(form, 'title', 400),
  referenceNumber: field(form, 'referenceNumber', 100),
  issuedOn: field(form, 'issuedOn', 10),
  description: field(form, 'description', 5000),
});
const campaignDraftOf = (c: Campaign): CampaignDraft => ({ title: c.title, referenceNumber: c.referenceNumber ?? '', issuedOn: c.issuedOn ?? '', description: c.description });
const campaignInput = (d: CampaignDraft) => ({ title: d.title, referenceNumber: d.referenceNumber || null, issuedOn: d.issuedOn || null, description: d.description });

const readRequirement = (form: Form): RequirementDraft => ({
  title: field(form, 'title', 400),
  kind: field(form, 'kind') === 'report' ? 'report' : 'plan',
  description: field(form, 'description', 5000),
  dueDate: field(form, 'dueDate', 10),
  dueTime: field(form, 'dueTime', 5) || '17:00',
  reminderOffsets: field(form, 'reminderOffsets', 300),
  escalateAfter: field(form, 'escalateAfter', 10).trim(),
  formKey: field(form, 'formKey', 64),
  unitKinds: fields(form, 'unitKinds').slice(0, 100),
  unitCodes: field(form, 'unitCodes', 200_000),
});

/** Every campaign, its requirements, and the requirement form with a live count of the units it reaches. */
export function adminPlanRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const staff = signedIn('staff');

  const requirementInput = (c: Context<DashboardEnv>, d: RequirementDraft): RequirementInput => {
    const { ids, unknown } = unitIdsByCodes(c.get('ctx'), splitCodes(d.unitCodes));
    if (unknown.length) throw invalid(`Không có đơn vị mã ${unknown.slice(0, 10).join(', ')}.`, 'audience.unitIds');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.dueDate)) throw invalid('Anh/chị chọn ngày hạn nộp.', 'dueAt');
    return {
      title: d.title,
      kind: d.kind,
      description: d.description,
      dueAt: `${d.dueDate} ${d.dueTime}`,
      reminderOffsets: d.reminderOffsets.split(/[\s,;]+/).filter(Boolean),
      escalateAfter: d.escalateAfter || null,
      formKey: d.formKey || null,
      audience: { unitKinds: d.unitKinds, unitIds: ids },
    };
  };
  const unitCount = (c: Context<DashboardEnv>, d: RequirementDraft): string => {
    const { ids, unknown } = unitIdsByCodes(c.get('ctx'), splitCodes(d.unitCodes));
    const n = audienceUnitIds(c.get('ctx').db, { audienceKinds: d.unitKinds, audienceUnitIds: ids }).length;
    return `${n} đơn vị đang hoạt động phải nộp.${unknown.length ? ` Không có mã: ${unknown.slice(0, 10).join(', ')}.` : ''}`;
  };
  const formPage = (c: Context<DashboardEnv>, campaign: Campaign, draft: RequirementDraft, requirement?: Requirement, error?: string) =>
    requirementFormPage({ session: c.get('session'), campaign, requirement, draft, kinds: listUnitKinds(c.get('ctx')), forms: listForms(c.get('ctx')), unitCount: unitCount(c, draft), error });

  const listPage = (c: Context<DashboardEnv>, draft: CampaignDraft, error?: string) => {
    const ctx = c.get('ctx');
    const campaigns = listCampaigns(ctx, { limit: 500, offset: 0 }).items.map((k) => ({ ...k, requirements: listRequirements(ctx, { campaignId: k.id, limit: 1, offset: 0 }).total }));
    return campaignsPage({ session: c.get('session'), campaigns, draft, error, flash: takeFlash(c) });
  };
  const loadCampaign = (c: Context<DashboardEnv>) => {
    const id = idParam(c.req.param('id'));
    return id ? found(() => getCampaignWithRequirements(c.get('ctx'), id)) : undefined;
  };

  app.get('/admin/campaigns', staff, (c) => c.html(listPage(c, EMPTY_CAMPAIGN)));

  app.post('/admin/campaigns', staff, async (c) => {
    const draft = readCampaign(await readForm(c));
    try {
      const campaign = createCampaign(c.get('ctx'), campaignInput(draft));
      setFlash(c, { kind: 'ok', text: 'Đã thêm kế hoạch; thêm các yêu cầu nộp bên dưới.' });
      return c.redirect(`/admin/campaigns/${campaign.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(listPage(c, draft, mistake(err, CAMPAIGN_WORDING)), 400);
    }
  });

  app.get('/admin/campaigns/:id', staff, (c) => {
    const loaded = loadCampaign(c);
    if (!loaded) return notFoundPage(c);
    const ctx = c.get('ctx');
    return c.html(campaignPage({ session: c.get('session'), ...loaded, draft: campaignDraftOf(loaded.campaign), timeZone: ctx.timeZone, flash: takeFlash(c) }));
  });

  app.post('/admin/campaigns/:id', staff, async (c) => {
    const loaded = loadCampaign(c);
    if (!loaded) return notFoundPage(c);
    const draft = readCampaign(await readForm(c));
    try {
      updateCampaign(c.get('ctx'), loaded.campaign.id, campaignInput(draft));
      setFlash(c, { kind: 'ok', text: 'Đã lưu kế hoạch.' });
      return c.redirect(`/admin/campaigns/${loaded.campaign.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const page = campaignPage({ session: c.get('session'), ...loaded, draft, timeZone: c.get('ctx').timeZone, error: mistake(err, CAMPAIGN_WORDING) });
      return c.html(page, 400);
    }
  });

  app.post('/admin/campaigns/:id/close', staff, (c) => {
    const loaded = loadCampaign(c);
    if (!loaded) return notFoundPage(c);
    closeCampaign(c.get('ctx'), loaded.campaign.id);
    setFlash(c, { kind: 'ok', text: 'Đã đóng kế hoạch và các yêu cầu nộp của nó.' });
    return c.redirect(`/admin/campaigns/${loaded.campaign.id}`, 303);
  });

  app.post('/admin/audience-count', staff, async (c) => c.json({ 'audience-units': { text: unitCount(c, readRequirement(await readForm(c))) } }));

  app.get('/admin/campaigns/:id/requirements/new', staff, (c) => {
    const loaded = loadCampaign(c);
    if (!loaded) return notFoundPage(c);
    const draft: RequirementDraft = { title: '', kind: 'plan', description: '', dueDate: '', dueTime: '17:00', reminderOffsets: DEFAULT_REMINDER_OFFSETS.join(', '), escalateAfter: '', formKey: '', unitKinds: [], unitCodes: '' };
    return c.html(formPage(c, loaded.campaign, draft));
  });

  app.post('/admin/campaigns/:id/requirements', staff, async (c) => {
    const loaded = loadCampaign(c);
    if (!loaded) return notFoundPage(c);
    const draft = readRequirement(await readForm(c));
    try {
      const created = createRequirement(c.get('ctx'), loaded.campaign.id, requirementInput(c, draft));
      setFlash(c, { kind: 'ok', text: `Đã thêm yêu cầu “${created.title}”; bot bắt đầu nhắc theo các mốc đã đặt.` });
      return c.redirect(`/admin/campaigns/${loaded.campaign.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const error = err.kind === 'closed' ? 'Kế hoạch đã đóng, không thêm yêu cầu được.' : mistake(err, REQUIREMENT_WORDING);
      return c.html(formPage(c, loaded.campaign, draft, undefined, error), 400);
    }
  });

  const loadRequirement = (c: Context<DashboardEnv>) => {
    const id = idParam(c.req.param('id'));
    const requirement = id ? found(() => getRequirement(c.get('ctx'), id)) : undefined;
    return requirement && { requirement, campaign: getCampaign(c.get('ctx'), requirement.campaignId) };
  };

  app.get('/admin/requirements/:id/edit', staff, (c) => {
    const loaded = loadRequirement(c);
    if (!loaded) return notFoundPage(c);
    const r = loaded.requirement;
    const due = localParts(r.dueAt, c.get('ctx').timeZone);
    const draft: RequirementDraft = {
      title: r.title,
      kind: r.kind,
      description: r.description,
      dueDate: `${due.year}-${pad(due.month)}-${pad(due.day)}`,
      dueTime: `${pad(due.hour)}:${pad(due.minute)}`,
      reminderOffsets: r.reminderOffsets.join(', '),
      escalateAfter: r.escalateAfter ?? '',
      formKey: r.formKey ?? '',
      unitKinds: r.audienceKinds,
      unitCodes: unitCodes(c.get('ctx'), r.audienceUnitIds).join(', '),
    };
    return c.html(formPage(c, loaded.campaign, draft, r));
  });

  app.post('/admin/requirements/:id/edit', staff, async (c) => {
    const loaded = loadRequirement(c);
    if (!loaded) return notFoundPage(c);
    const draft = readRequirement(await readForm(c));
    try {
      updateRequirement(c.get('ctx'), loaded.requirement.id, requirementInput(c, draft));
      setFlash(c, { kind: 'ok', text: 'Đã lưu yêu cầu; lời nhắc chưa gửi theo mốc mới.' });
      return c.redirect(`/requirements/${loaded.requirement.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(formPage(c, loaded.campaign, draft, loaded.requirement, mistake(err, REQUIREMENT_WORDING)), 400);
    }
  });

  app.post('/admin/requirements/:id/close', staff, (c) => {
    const loaded = loadRequirement(c);
    if (!loaded) return notFoundPage(c);
    closeRequirement(c.get('ctx'), loaded.requirement.id);
    setFlash(c, { kind: 'ok', text: 'Đã đóng yêu cầu: bot không nhận bài nộp cho yêu cầu này nữa.' });
    return c.redirect(`/admin/campaigns/${loaded.campaign.id}`, 303);
  });

  return app;
}
