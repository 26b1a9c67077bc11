import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const YAML_FORM = `
key: bao-cao-so-ket-2021
title: Báo cáo sơ kết “Năm Dân vận khéo” 2021
questions:
  - id: so_hoat_dong
    type: number
    label: Số hoạt động
    prompt: Đơn vị đã tổ chức bao nhiêu hoạt động trong 6 tháng đầu năm 2021?
  - id: hinh_thuc
    type: choice
    prompt: Hình thức chủ yếu?
    options:
      - { value: truc_tiep, label: Trực tiếp }
      - { value: truc_tuyen, label: Trực tuyến }
`;

const postYaml = (body: string, as: 'staff' | 'viewer' | 'none' = 'staff', contentType = 'application/yaml') =>
  t.request('POST', '/api/v1/forms', { as, body, headers: { 'content-type': contentType } });

describe('forms API', () => {
  it('lists the two built-in forms of the 1234/KH-SGDĐT plan to a viewer', async () => {
    const res = await t.request('GET', '/api/v1/forms', { as: 'viewer' });
    expect(res.status).toBe(200);
    const keys = res.json.items.map((f: { key: string }) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['ke-hoach-dan-van-kheo', 'bao-cao-dan-van-kheo']));
    const report = res.json.items.find((f: { key: string }) => f.key === 'bao-cao-dan-van-kheo');
    expect(report).toMatchObject({ source: 'builtin', questionCount: 7, createdAt: null });
    expect(res.json).toMatchObject({ total: 2, limit: 100, offset: 0 });
  });

  it('shows one form with its full definition, and 404 for an unknown key', async () => {
    const res = await t.request('GET', '/api/v1/forms/ke-hoach-dan-van-kheo', { as: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.json.source).toBe('builtin');
    expect(res.json.definition.questions.map((q: { id: string }) => q.id)).toEqual(['ngay_ky', 'nguoi_phu_trach', 'dien_thoai', 'ghi_chu']);
    const missing = await t.request('GET', '/api/v1/forms/khong-co', { as: 'viewer' });
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('not_found');
  });

  it('lets staff add a form as YAML, then lists and serves it with source "api"', async () => {
    const res = await postYaml(YAML_FORM);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ key: 'bao-cao-so-ket-2021', source: 'api', title: 'Báo cáo sơ kết “Năm Dân vận khéo” 2021' });
    // Defaults applied: required, integer numbers, confirm.
    expect(res.json.definition.confirm).toBe(true);
    expect(res.json.definition.questions[0]).toMatchObject({ required: true, integer: true });
    expect(res.json.createdAt).toBe('2026-05-15T10:00:00+07:00');

    const list = await t.request('GET', '/api/v1/forms', { as: 'viewer' });
    expect(list.json.total).toBe(3);
    expect(list.json.items.find((f: { key: string }) => f.key === 'bao-cao-so-ket-2021').source).toBe('api');
    const one = await t.request('GET', '/api/v1/forms/bao-cao-so-ket-2021', { as: 'viewer' });
    expect(one.json.definition.questions[1].options).toHaveLength(2);
  });

  it('accepts JSON and the other YAML content types, and replaces an API form with an audited update', async () => {
    const json = {
      key: 'phan-hoi-phu-huynh',
      title: 'Phản hồi của phụ huynh',
      questions: [{ id: 'hai_long', type: 'yesno', prompt: 'Anh/chị có hài lòng không?' }],
    };
    const created = await t.request('POST', '/api/v1/forms', { as: 'staff', json });
    expect(created.status).toBe(201);
    t.clock.advance(60_000);
    const replaced = await t.request('POST', '/api/v1/forms', { as: 'staff', json: { ...json, title: 'Phản hồi của phụ huynh (sửa)' } });
    expect(replaced.status).toBe(200);
    expect(replaced.json.title).toBe('Phản hồi của phụ huynh (sửa)');
    expect(replaced.json.updatedAt).not.toBe(replaced.json.createdAt);

    const audit = await t.request('GET', '/api/v1/audit-log?entity=form', { as: 'admin' });
    expect(audit.status).toBe(200);
    const entries = [...audit.json.items].reverse();
    expect(entries.map((a: { action: string }) => a.action)).toEqual(['form.create', 'form.update']);
    expect(entries[1].before.title).toBe('Phản hồi của phụ huynh');
    expect(entries[1].after.title).toBe('Phản hồi của phụ huynh (sửa)');

    for (const type of ['text/yaml', 'application/x-yaml; charset=utf-8']) {
      const res = await postYaml(YAML_FORM.replace('bao-cao-so-ket-2021', `so-ket-${type.length}`), 'staff', type);
      expect(res.status).toBe(201);
    }
  });

  it('refuses a broken form with a 400 naming the field path', async () => {
    const broken = YAML_FORM.replace('      - { value: truc_tuyen, label: Trực tuyến }\n', '');
    const res = await postYaml(broken);
    expect(res.status).toBe(400);
    expect(res.json.field).toBe('questions.1.options');
    expect(res.json.message).toContain('questions.1.options');

    const typo = await t.request('POST', '/api/v1/forms', {
      as: 'staff',
      json: { key: 'x-form', title: 'X', questions: [{ id: 'a', type: 'text', prompt: 'p', requried: false }] },
    });
    expect(typo.status).toBe(400);
    expect(typo.json.field).toBe('questions.0.requried');

    const badType = await t.request('POST', '/api/v1/forms', {
      as: 'staff',
      json: { key: 'x-form', title: 'X', questions: [{ id: 'a', type: 'slider', prompt: 'p' }] },
    });
    expect(badType.json.field).toBe('questions.0.type');

    const dupIds = await t.request('POST', '/api/v1/forms', {
      as: 'staff',
      json: { key: 'x-form', title: 'X', questions: [{ id: 'a', type: 'text', prompt: 'p' }, { id: 'a', type: 'number', prompt: 'q' }] },
    });
    expect(dupIds.status).toBe(400);
    expect(dupIds.json.field).toBe('questions.1.id');
  });

  it('refuses unreadable YAML, bad JSON and other content types with a 400 on body', async () => {
    const yaml = await postYaml('key: a\n  title: [unclosed');
    expect(yaml.status).toBe(400);
    expect(yaml.json.field).toBe('body');
    expect(yaml.json.message).toMatch(/YAML/);
    const json = await postYaml('{"key": ', 'staff', 'application/json');
    expect(json.status).toBe(400);
    expect(json.json.field).toBe('body');
    const plain = await postYaml(YAML_FORM, 'staff', 'text/plain');
    expect(plain.status).toBe(400);
    expect(plain.json.field).toBe('body');
    const list = await postYaml('- just\n- a list\n');
    expect(list.status).toBe(400);
  });

  it('refuses a form larger than 256 KB', async () => {
    const huge = `key: big\ntitle: T\ndescription: "${'x'.repeat(300 * 1024)}"\nquestions: []\n`;
    const res = await postYaml(huge);
    expect(res.status).toBe(413);
  });

  it('refuses the key of a built-in form with 409 on key', async () => {
    const res = await postYaml(YAML_FORM.replace('bao-cao-so-ket-2021', 'bao-cao-dan-van-kheo'));
    expect(res.status).toBe(409);
    expect(res.json.field).toBe('key');
  });

  it('checks roles', async () => {
    expect((await t.request('GET', '/api/v1/forms', { as: 'none' })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/forms/bao-cao-dan-van-kheo', { as: 'none' })).status).toBe(401);
    expect((await postYaml(YAML_FORM, 'none')).status).toBe(401);
    expect((await postYaml(YAML_FORM, 'viewer')).status).toBe(403);
    expect((await t.request('GET', '/api/v1/forms', { as: 'viewer' })).json.total).toBe(2);
  });

  it('documents the routes and the form schema in OpenAPI', async () => {
    const doc = await t.request('GET', '/api/openapi.json', { as: 'none' });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/api/v1/forms', '/api/v1/forms/{key}']));
    expect(doc.json.components.schemas.FormDefinition).toBeDefined();
    expect(Object.keys(doc.json.paths['/api/v1/forms'].post.requestBody.content)).toEqual(
      expect.arrayContaining(['application/json', 'application/yaml', 'text/yaml']),
    );
  });
});
