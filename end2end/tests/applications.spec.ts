import { expect, type Page } from "@playwright/test";
import { test, islandsReady, expectAccessible, screenshot } from "./helpers";
import { waitForMail, waitForMailMatching, linkIn, freshEmail } from "./mail";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const DEMO_PASSWORD = "demo-mobility-2026";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** What the student reads, in their language. */
interface Words {
  lang: "en" | "ru";
  apply: string;
  motivation: string;
  level: string;
  levelOption: string;
  year: string;
  english: string;
  save: string;
  saved: string;
  upload: string;
  wrongType: string;
  documents: string[];
  submit: string;
  submitted: string;
  confirm: string;
  confirmed: string;
  mine: string;
  nominatedSubject: RegExp;
  acceptedSubject: RegExp;
}

const EN: Words = {
  lang: "en",
  apply: "Apply",
  motivation: "Motivation",
  level: "Level of study",
  levelOption: "Undergraduate / specialist (MD)",
  year: "Year of study",
  english: "Your level of en (required: B2)",
  save: "Save draft",
  saved: "Draft saved.",
  upload: "Upload",
  wrongType: "Only PDF, JPEG or PNG files are accepted (checked by their content, not their name).",
  documents: ["CV", "Motivation letter", "Transcript of records", "Language certificate", "Passport copy"],
  submit: "Submit application",
  submitted: "Done: Submit application.",
  confirm: "Confirm my place",
  confirmed: "Done: Confirm my place.",
  mine: "My applications",
  nominatedSubject: /^Nominated: /,
  acceptedSubject: /^Accepted \(offer\): /,
};

const RU: Words = {
  lang: "ru",
  apply: "Подать заявку",
  motivation: "Мотивация",
  level: "Уровень обучения",
  levelOption: "Бакалавриат / специалитет",
  year: "Курс",
  english: "Ваш уровень языка en (требуется B2)",
  save: "Сохранить черновик",
  saved: "Черновик сохранён.",
  upload: "Загрузить",
  wrongType: "Принимаются только файлы PDF, JPEG или PNG (проверяется содержимое, а не имя).",
  documents: ["Резюме", "Мотивационное письмо", "Выписка оценок", "Языковой сертификат", "Копия паспорта"],
  submit: "Подать заявку",
  submitted: "Выполнено: Подать заявку.",
  confirm: "Подтвердить место",
  confirmed: "Выполнено: Подтвердить место.",
  mine: "Мои заявки",
  nominatedSubject: /^Номинирована: /,
  acceptedSubject: /^Принята \(предложение места\): /,
};

/** A surname no other run used: the journeys find their applicant by name. */
function surname(): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let s = "";
  for (let n = Date.now() * 1000 + Math.floor(Math.random() * 1000); n > 0; n = Math.floor(n / 26)) s += letters[n % 26];
  return s.charAt(0).toUpperCase() + s.slice(1);
}

async function language(page: Page, lang: string) {
  await page.context().addCookies([{ name: "lang", value: lang, url: BASE }]);
}

/** Signs the page's browser in as `email` (the session cookie lands in its context). */
async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  // A new session; the chosen language stays.
  const lang = (await page.context().cookies()).filter((c) => c.name === "lang");
  await page.context().clearCookies();
  await page.context().addCookies(lang);
  const res = await page.request.post("/api/login", { form: { email, password } });
  expect(res.status()).toBe(200);
}

/** A new student of Sechenov University whose e-mails come in `lang`, signed in. */
async function newStudent(page: Page, name: string, lang: string): Promise<string> {
  const email = freshEmail(name.toLowerCase().replace(/[^a-z]+/g, "."));
  await page.goto("/alliances/asrmu");
  const href = await page.getByRole("link", { name: /Sechenov/ }).first().getAttribute("href");
  const university = href?.split("/").pop() ?? "";
  const res = await page.request.post("/api/register", {
    form: {
      email,
      password: "a long enough phrase",
      name_latin: name,
      name_native: "",
      university_id: university,
      level: "bachelor",
      locale: lang,
    },
  });
  expect(res.status()).toBe(200);
  const token = linkIn(await waitForMail(email), "/verify?token=").split("token=")[1];
  expect((await page.request.post("/api/verify_email", { form: { token } })).status()).toBe(200);
  await signIn(page, email, "a long enough phrase");
  return email;
}

/**
 * The whole journey: a Sechenov student applies to Harbin's summer school with documents, the
 * Sechenov coordinator nominates (Russian), the Harbin coordinator accepts (Chinese), the
 * student confirms; each is told by e-mail in their language.
 */
async function journey(page: Page, w: Words, name: string, js: boolean) {
  await language(page, w.lang);
  const student = await newStudent(page, name, w.lang);
  await page.goto("/opportunities?q=Harbin%20Summer");
  await page.getByRole("link", { name: /^Harbin Summer School of Clinical Medicine|^Харбинская летняя школа/ }).first().click();
  if (js) await islandsReady(page);
  await page.getByRole("button", { name: w.apply, exact: true }).click();
  await expect(page.getByLabel(w.motivation, { exact: true })).toBeVisible();

  await page.getByLabel(w.motivation, { exact: true }).fill("Clinical rotations in Harbin will complete my training in emergency medicine.");
  await page.getByLabel(w.level).selectOption({ label: w.levelOption });
  await page.getByLabel(w.year).fill("3");
  await page.getByLabel(w.english).selectOption("C1");
  await page.getByRole("button", { name: w.save }).click();
  await expect(page.getByText(w.saved)).toBeVisible();

  const form = (label: string) => page.locator("form.upload").filter({ has: page.getByLabel(new RegExp(`^${label}`)) });
  // A web page called cv.pdf is refused, on its field.
  await form(w.documents[0]).locator("input[type=file]").setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
  await form(w.documents[0]).getByRole("button", { name: w.upload }).click();
  await expect(page.getByText(w.wrongType)).toBeVisible();
  for (const label of w.documents) {
    await form(label).locator("input[type=file]").setInputFiles({ name: `${label}.pdf`, mimeType: "application/pdf", buffer: PDF });
    await form(label).getByRole("button", { name: w.upload }).click();
    await expect(page.getByRole("link", { name: `${label}.pdf` })).toBeVisible();
  }
  await page.getByRole("button", { name: w.submit, exact: true }).click();
  await expect(page.getByText(w.submitted)).toBeVisible();
  const applicationUrl = page.url().split("?")[0];

  // The home coordinator (Sechenov, Russian) is told, and nominates from the outgoing queue.
  await waitForMailMatching("coord.sechenov@demo.test", /^Подана: /, name);
  await language(page, "ru");
  await signIn(page, "coord.sechenov@demo.test");
  await page.goto("/review/outgoing");
  await page.getByLabel("Имя или e-mail").fill(student);
  await page.getByRole("button", { name: "Показать" }).click();
  await page.getByLabel(`Выбрать: ${name}`).check();
  await page.getByRole("button", { name: "Номинировать" }).click();
  await expect(page.getByText("Номинировать: выполнено 1, отказано 0.")).toBeVisible();
  if (js) {
    await islandsReady(page);
    await expectAccessible(page);
  }
  await waitForMailMatching(student, w.nominatedSubject, name);
  await waitForMailMatching("coord.hmu@demo.test", /^已推荐: /, name);

  // The host coordinator (Harbin, Chinese) accepts on the application page.
  await language(page, "zh");
  await signIn(page, "coord.hmu@demo.test");
  await page.goto("/review/incoming");
  await page.getByRole("link", { name }).first().click();
  await expect(page.getByRole("heading", { name: "当前可执行的操作" })).toBeVisible();
  await page.getByRole("button", { name: "录取", exact: true }).click();
  await expect(page.getByText("已完成：录取。")).toBeVisible();
  await waitForMailMatching(student, w.acceptedSubject, name);

  // The student confirms.
  await language(page, w.lang);
  await signIn(page, student, "a long enough phrase");
  await page.goto("/applications");
  await expect(page.getByRole("heading", { name: w.mine })).toBeVisible();
  await page.goto(applicationUrl);
  await page.getByRole("button", { name: w.confirm }).click();
  await expect(page.getByText(w.confirmed)).toBeVisible();
  if (js) {
    await islandsReady(page);
    await expectAccessible(page);
  }
  // Both coordinators hear of the confirmation, each in their language.
  await waitForMailMatching("coord.hmu@demo.test", /^已确认: /, name);
  await waitForMailMatching("coord.sechenov@demo.test", /^Подтверждена: /, name);
}

test("a student applies, is nominated, accepted and confirms (English, JavaScript on)", async ({ page }, info) => {
  await journey(page, EN, `Anna ${surname()}`, true);
  await screenshot(page, info, "application-confirmed-en");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("заявка: подача, номинация, зачисление, подтверждение (русский, без JavaScript)", async ({ page }, info) => {
    await journey(page, RU, `Petr ${surname()}`, false);
    await screenshot(page, info, "application-confirmed-ru-nojs");
  });
});
