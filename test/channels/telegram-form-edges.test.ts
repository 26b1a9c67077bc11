import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, seedPlan, type Harness } from '../helpers/service.js';

/** What a newcomer met in the report form (issue 7), each as the person sees it in Telegram. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2000, 32), Buffer.from('\n%%EOF\n')]);
const teacher = { id: 5552001, firstName: 'Minh', lastName: 'Tuấn' };
const LINK = 'https://drive.google.com/file/d/bao-cao-2026/view';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function ask(text: string) {
  const before = h.fake.sentMessages(teacher.id).length;
  await h.fake.userSendsText(teacher, text);
  return (await h.fake.waitForMessages(teacher.id, before + 1))[before]!;
}

async function press(data: string) {
  const before = h.fake.sentMessages(teacher.id).length;
  await h.fake.userPressesButton(teacher, h.fake.lastMessageTo(teacher.id)!, data);
  return (await h.fake.waitForMessages(teacher.id, before + 1))[before]!;
}

async function linkedToReport() {
  const seeded = await seedPlan(h, { kind: 'report', formKey: 'bao-cao-dan-van-kheo', dueAt: '2026-12-20 17:00' });
  await h.fake.userSendsCommand(teacher, '/start', seeded.code);
  await h.fake.waitForText(teacher.id, /liên kết với đơn vị/);
  return seeded;
}

/** Questions 1–6 of the results report, answered plainly. */
async function answerFirstSix() {
  await ask('15');
  await ask('2');
  await ask('1.200');
  await ask('48');
  await ask('Trường học thân thiện với phụ huynh');
  return ask('bo qua');
}

describe('the report form, as a newcomer found it', () => {
  it('a link sent before the questions answers the file question: not asked again, shown once in the review', async () => {
    const { requirementId } = await linkedToReport();
    await ask('/nop');
    const got = await ask(LINK);
    expect(got.text).toContain(`Đã nhận đường link: ${LINK}`);
    const q1 = await press('done');
    expect(q1.text).toContain('Câu 1/7');
    const review = await answerFirstSix();
    expect(review.text).toContain('Tóm tắt');
    expect(review.text).toContain(`7. Tệp báo cáo của đơn vị: link ${LINK}`);
    expect(review.text).not.toContain('Tệp đính kèm:');
    const receipt = await ask('có');
    expect(receipt.text).toContain('Sở đã nhận bài nộp');
    const list = await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`);
    const detail = await h.api('GET', `/api/v1/submissions/${list.json.items[0].id}`);
    expect(detail.json.answers.tep_bao_cao).toEqual({ url: LINK });
    expect(detail.json.links).toEqual([LINK]);
  });

  it('"đã gửi ở trên rồi" with nothing sent gets a plain answer; a file sent at the file question counts as a file of the submission', async () => {
    const { requirementId } = await linkedToReport();
    await ask('/nop');
    await press('skip');
    const fileQuestion = await answerFirstSix();
    expect(fileQuestion.text).toContain('Câu 7/7');
    const already = await ask('da gui o tren roi');
    expect(already.text).toContain('Bot chưa nhận được tệp hay đường link nào trong lần nộp này.');

    const before = h.fake.sentMessages(teacher.id).length;
    await h.fake.userSendsDocument(teacher, { fileName: 'Bao cao ket qua.pdf', mimeType: 'application/pdf', bytes: PDF });
    const review = (await h.fake.waitForMessages(teacher.id, before + 1))[before]!;
    expect(review.text).toContain('7. Tệp báo cáo của đơn vị: tệp “Bao cao ket qua.pdf”');
    await ask('có');

    const list = await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`);
    expect(list.json.items[0].fileCount).toBe(1);
    const detail = await h.api('GET', `/api/v1/submissions/${list.json.items[0].id}`);
    expect(detail.json.files.map((f: { originalName: string }) => f.originalName)).toEqual(['Bao cao ket qua.pdf']);
  });

  it('says before a second report begins that it will be version 2, and what that means', async () => {
    await linkedToReport();
    await ask('/nop');
    await ask(LINK);
    await press('done');
    await answerFirstSix();
    await ask('có');

    const again = await ask('/nop');
    expect(again.text).toMatch(/Đơn vị đã nộp yêu cầu này lúc \d{2}:\d{2} ngày \d+\/\d+\/\d{4} \(mã NB-[A-Z0-9]{6}\)/);
    expect(again.text).toContain('đây sẽ là lần nộp thứ 2: Sở xem lần nộp mới nhất, các lần trước vẫn được lưu');
  });

  it('a number written in words is re-asked once, without the same sentence twice', async () => {
    await linkedToReport();
    await ask('/nop');
    await press('skip');
    const reask = await ask('muoi hai');
    expect(reask.text).toContain('Bot chưa đọc được con số trong câu trả lời “muoi hai”.');
    expect(reask.text.match(/ví dụ:? 12/g)).toHaveLength(1);
  });

  it("the questions speak of the requirement's own year", async () => {
    await linkedToReport();
    await ask('/nop');
    const q1 = await press('skip');
    expect(q1.text).toContain('trong năm 2026?');
    expect(q1.text).not.toContain('2020');
  });

  it('a text file named bao-cao.pdf is refused because its content is not a PDF', async () => {
    await linkedToReport();
    await ask('/nop');
    const before = h.fake.sentMessages(teacher.id).length;
    await h.fake.userSendsDocument(teacher, { fileName: 'bao-cao.pdf', mimeType: 'application/pdf', bytes: Buffer.from('Bao cao ket qua nam 2026\n'.repeat(50)) });
    const refused = (await h.fake.waitForMessages(teacher.id, before + 1))[before]!;
    expect(refused.text).toContain('Tệp “bao-cao.pdf” có đuôi .pdf nhưng nội dung không phải PDF');
    expect(refused.text).not.toContain('Chỉ nhận:');
  });
});

describe('the plan form, as a newcomer found it', () => {
  it("the date question's example follows the requirement's deadline", async () => {
    const { code } = await seedPlan(h, { dueAt: '2026-05-23 17:00' });
    await h.fake.userSendsCommand(teacher, '/start', code);
    await h.fake.waitForText(teacher.id, /liên kết với đơn vị/);
    await ask('/nop');
    await ask(LINK);
    const q1 = await press('done');
    expect(q1.text).toContain('(ví dụ: 20/5/2026)');
    const wrong = await ask('tuan truoc');
    expect(wrong.text).toContain('ví dụ 20/5/2026');
    expect(wrong.text).not.toContain('20/5/2020');
  });
});
