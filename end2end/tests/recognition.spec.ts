import { expect, type Page } from "@playwright/test";
import { test, islandsReady, expectAccessible, screenshot } from "./helpers";
import { waitForMailMatching } from "./mail";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const DEMO_PASSWORD = "demo-mobility-2026";

/** What each party reads, in one language. */
interface Words {
  lang: "ru" | "zh";
  student: string;
  home: string;
  host: string;
  programme: string;
  agreement: string;
  recognition: string;
  side: string;
  hostSide: string;
  homeSide: string;
  group: string;
  code: string;
  course: string;
  scheme: string;
  credits: string;
  hours: string;
  reason: string;
  add: string;
  added: string;
  approve: string;
  approvedNotice: string;
  approvedVersion: RegExp;
  change: string;
  compare: string;
  differences: RegExp;
  addedChange: string;
  start: string;
  started: string;
  paste: string;
  /** The host's grades for the two courses, in the host's scale. */
  grades: [string, string];
  enter: string;
  rowError: string;
  entered: string;
  decide: string;
  completed: string;
  openRecord: string;
  print: string;
  recordTitle: string;
  codeIs: RegExp;
  check: string;
  genuine: string;
  approvedSubject: RegExp;
}

const RU: Words = {
  lang: "ru",
  student: "student.sechenov@demo.test",
  home: "coord.sechenov@demo.test",
  host: "coord.hmu@demo.test",
  programme: "Семестр клинической медицины в Харбинском медицинском университете",
  agreement: "Учебное соглашение",
  recognition: "Оценки и перезачёт",
  side: "Университет",
  hostSide: "Принимающий",
  homeSide: "Направляющий",
  group: "Группа",
  code: "Код",
  course: "Курс",
  scheme: "Система кредитов",
  credits: "Кредиты",
  hours: "Часы",
  reason: "Причина",
  add: "Добавить курс",
  added: "Курс добавлен.",
  approve: "Утвердить эту версию",
  approvedNotice: "Ваше утверждение записано.",
  approvedVersion: /Версия \d — утверждена/,
  change: "Изменить соглашение (новая версия)",
  compare: "Показать различия",
  differences: /Различия между версиями 1 и 2/,
  addedChange: "Добавлен",
  start: "Мобильность началась",
  started: "Выполнено: Мобильность началась.",
  paste: "Вставьте выписку (из таблицы или CSV)",
  grades: ["86", "92"],
  enter: "Внести оценки",
  rowError: "Строка 1: в утверждённом соглашении нет курса с таким кодом",
  entered: "Внесено строк выписки: 2.",
  decide: "Сохранить решение",
  completed: "Решения по всем курсам приняты: мобильность завершена, справка о перезачёте выдана.",
  openRecord: "Открыть справку о перезачёте",
  print: "Печать или PDF",
  recordTitle: "Справка о перезачёте",
  codeIs: /Код проверки: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/,
  check: "Проверить",
  genuine: "Справка подлинная",
  approvedSubject: /^(Учебное соглашение|学习协议|Learning agreement): /,
};

const ZH: Words = {
  lang: "zh",
  student: "student.hmu@demo.test",
  home: "coord.hmu@demo.test",
  host: "coord.sechenov@demo.test",
  programme: "谢切诺夫大学临床医学交换学期",
  agreement: "学习协议",
  recognition: "成绩与学分认定",
  side: "大学",
  hostSide: "接收方",
  homeSide: "派出方",
  group: "组",
  code: "课程代码",
  course: "课程",
  scheme: "学分体系",
  credits: "学分",
  hours: "学时",
  reason: "理由",
  add: "添加此课程",
  added: "课程已添加。",
  approve: "批准此版本",
  approvedNotice: "您的批准已记录。",
  approvedVersion: /第 \d 版 — 已于 .* 批准/,
  change: "修改协议（新版本）",
  compare: "显示差异",
  differences: /版本 1 与版本 2 的差异/,
  addedChange: "新增",
  start: "交流开始",
  started: "已完成：交流开始。",
  paste: "粘贴成绩单（来自电子表格或 CSV）",
  grades: ["5", "4"],
  enter: "录入成绩单",
  rowError: "第 1 行: 已批准的协议中没有此课程代码",
  entered: "已录入 2 行成绩。",
  decide: "保存认定",
  completed: "所有课程均已认定：交流已完成，认定记录已签发。",
  openRecord: "打开学分认定记录",
  print: "打印或另存为 PDF",
  recordTitle: "学分认定记录",
  codeIs: /验证码：([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/,
  check: "查验",
  genuine: "此记录真实有效",
  approvedSubject: /^(Учебное соглашение|学习协议|Learning agreement): /,
};

/**
 * Opens `url`; with JavaScript, waits for the page being left to finish hydrating first (a
 * navigation that interrupts the WASM download was seen to leave the next page unhydrated) and
 * for the new page to hydrate.
 */
async function visit(page: Page, url: string, js: boolean) {
  if (js && page.url().startsWith(BASE)) await islandsReady(page);
  await page.goto(url);
  if (js) await islandsReady(page);
}

async function signIn(page: Page, email: string, lang: string) {
  await page.context().clearCookies();
  await page.context().addCookies([{ name: "lang", value: lang, url: BASE }]);
  const res = await page.request.post("/api/login", { form: { email, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
}

/** Adds one course through the form, as a person fills it in. */
async function addCourse(page: Page, w: Words, c: { side: "host" | "home"; code: string; title: string; scheme: string; credits: string; hours: string; reason?: string; live?: string }) {
  await page.getByLabel(w.side, { exact: true }).selectOption(c.side);
  await page.getByLabel(w.group, { exact: true }).fill("1");
  await page.getByLabel(w.code, { exact: true }).fill(c.code);
  await page.getByLabel(w.course, { exact: true }).fill(c.title);
  await page.getByLabel(w.scheme, { exact: true }).selectOption(c.scheme);
  await page.getByLabel(w.credits, { exact: true }).fill(c.credits);
  await page.getByLabel(w.hours, { exact: true }).fill(c.hours);
  // With JavaScript, the side's total with this course shows while it is typed.
  if (c.live) await expect(page.getByText(c.live)).toBeVisible();
  if (c.reason) await page.getByLabel(w.reason, { exact: true }).fill(c.reason);
  await page.getByRole("button", { name: w.add, exact: true }).click();
  await expect(page.getByText(w.added)).toBeVisible();
  await expect(page.getByRole("cell", { name: c.code, exact: true })).toBeVisible();
}

async function approveAs(page: Page, w: Words, email: string, url: string, js: boolean) {
  await signIn(page, email, w.lang);
  await visit(page, url, js);
  await page.getByRole("button", { name: w.approve }).click();
  await expect(page.getByText(w.approvedNotice)).toBeVisible();
}

/**
 * (In Russian, without JavaScript, the home coordinator takes every remaining proposal at once.)
 * The student drafts the agreement (a host course replacing a home course), the three parties
 * approve, the student changes it once (a second host course, with a reason) and the three
 * approve again; the host starts the mobility and enters the transcript (a wrong code refused
 * on its row first); the home coordinator accepts the proposal, which completes the mobility;
 * the record prints to an A4 PDF and anyone can check its code.
 */
async function journey(page: Page, w: Words, js: boolean, info: import("@playwright/test").TestInfo) {
  await signIn(page, w.student, w.lang);
  await page.goto("/applications");
  await page.getByRole("link", { name: w.programme }).first().click();
  await page.getByRole("link", { name: w.agreement, exact: true }).first().click();
  if (js) await islandsReady(page);
  const agreementUrl = page.url().split("?")[0].split("#")[0];
  const recognitionUrl = agreementUrl.replace(/agreement$/, "recognition");
  const applicationUrl = agreementUrl.replace(/\/agreement$/, "");

  await addCourse(page, w, {
    side: "host",
    code: "MED-210",
    title: "Clinical diagnostics 临床诊断学",
    scheme: w.lang === "ru" ? "cn" : "zet",
    credits: "3",
    hours: "48",
    // 3 ZET = 3 ECTS = 2 Chinese credits at HMU (the home university of the Chinese run).
    live: js ? "加上此课程，接收方合计 3.0 ECTS = 2 学分。" : undefined,
  });
  await addCourse(page, w, { side: "home", code: "HOME-25", title: "Propaedeutics", scheme: w.lang === "ru" ? "zet" : "cn", credits: "4", hours: "144" });
  await page.getByRole("button", { name: w.approve }).click();
  await expect(page.getByText(w.approvedNotice)).toBeVisible();
  if (js) await expectAccessible(page);
  await approveAs(page, w, w.home, agreementUrl, js);
  await approveAs(page, w, w.host, agreementUrl, js);
  await expect(page.getByRole("heading", { name: w.approvedVersion })).toBeVisible();
  await waitForMailMatching(w.student, w.approvedSubject, "");

  // One change: a second host course, with its reason; three approvals again.
  await signIn(page, w.student, w.lang);
  await visit(page, agreementUrl, js);
  await page.getByRole("button", { name: w.change }).click();
  await addCourse(page, w, { side: "host", code: "MED-215", title: "Imaging 医学影像学", scheme: w.lang === "ru" ? "cn" : "zet", credits: "1", hours: "16", reason: "MED-212 is not taught this term" });
  await page.getByRole("button", { name: w.approve }).click();
  await expect(page.getByText(w.approvedNotice)).toBeVisible();
  await approveAs(page, w, w.home, agreementUrl, js);
  await approveAs(page, w, w.host, agreementUrl, js);
  await page.getByRole("button", { name: w.compare }).click();
  await expect(page.getByRole("heading", { name: w.differences })).toBeVisible();
  await expect(page.getByText(`${w.addedChange}:`)).toBeVisible();
  await expect(page.getByText("MED-212 is not taught this term")).toBeVisible();
  await screenshot(page, info, `agreement-${w.lang}`);

  // The host starts the mobility and enters the transcript.
  await visit(page, applicationUrl, js);
  await page.getByRole("button", { name: w.start, exact: true }).click();
  await expect(page.getByText(w.started)).toBeVisible();
  await visit(page, recognitionUrl, js);
  await page.getByLabel(w.paste).fill("MED-999;86;3;48");
  await page.getByRole("button", { name: w.enter }).click();
  await expect(page.getByText(w.rowError)).toBeVisible();
  await page.getByLabel(w.paste).fill(`MED-210\t${w.grades[0]}\t3\t48\nMED-215\t${w.grades[1]}\t1\t16`);
  await page.getByRole("button", { name: w.enter }).click();
  await expect(page.getByText(w.entered)).toBeVisible();

  // The home coordinator takes the proposal: the mobility completes.
  await signIn(page, w.home, w.lang);
  await visit(page, recognitionUrl, js);
  await screenshot(page, info, `recognition-${w.lang}`);
  if (js) {
    await page.getByRole("button", { name: w.decide }).click();
  } else {
    // Every remaining proposal at once, after a confirmation step.
    await page.getByRole("link", { name: "Принять все оставшиеся предложения (1)…" }).click();
    await expect(page.getByText("изменить решения потом нельзя")).toBeVisible();
    await page.getByRole("button", { name: "Принять предложения и завершить" }).click();
  }
  await expect(page.getByText(w.completed)).toBeVisible();
  if (js) await expectAccessible(page);
  await page.getByRole("link", { name: w.openRecord }).click();
  await expect(page.getByRole("heading", { name: w.recordTitle, level: 1 })).toBeVisible();
  await expect(page.getByText("Clinical diagnostics 临床诊断学")).toBeVisible();
  const code = (await page.locator(".verification").innerText()).match(w.codeIs)?.[1] ?? "";
  expect(code).not.toBe("");
  // With JavaScript a button prints; without, a hint says how.
  if (js) await expect(page.getByRole("button", { name: w.print })).toBeVisible();
  await expect(page.locator(".no-print")).toBeVisible();
  // Printed: A4, without the page's buttons.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".no-print")).toBeHidden();
  await screenshot(page, info, `record-${w.lang}-print`);
  const pdf = await page.pdf({ format: "A4", path: info.outputPath(`record-${w.lang}.pdf`) });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: "screen" });

  // Anyone can check the code.
  await page.context().clearCookies();
  await page.context().addCookies([{ name: "lang", value: w.lang, url: BASE }]);
  await visit(page, "/records/verify", js);
  await page.getByLabel(/^(Код проверки|验证码)$/).fill(code);
  await page.getByRole("button", { name: w.check }).click();
  await expect(page.getByText(w.genuine)).toBeVisible();
  await expect(page.getByText("Clinical diagnostics 临床诊断学")).toBeVisible();
}

test.describe("learning agreement and recognition", () => {
  test("in Chinese, with JavaScript", async ({ page }, info) => {
    test.setTimeout(180_000);
    await journey(page, ZH, true, info);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("in Russian", async ({ page }, info) => {
      test.setTimeout(180_000);
      await journey(page, RU, false, info);
    });
  });
});
