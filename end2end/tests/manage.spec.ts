import { expect, type Page } from "@playwright/test";
import { test, islandsReady, expectAccessible, watchErrors } from "./helpers";
import { waitForMail } from "./mail";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
// One opportunity per run, findable by a word no demo opportunity has.
const WORD = `Кедр${Date.now().toString(36)}`;
const RU_TITLE = `Зимняя школа неотложной помощи ${WORD}`;
const ZH_TITLE = `急救冬季学校 ${WORD}`;

function isoDay(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}
const STARTS = isoDay(45);
const ENDS = isoDay(55);

async function language(page: Page, lang: string) {
  await page.context().addCookies([{ name: "lang", value: lang, url: BASE }]);
}

test.describe.serial("a coordinator publishes; visitors find it", () => {
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("协调员创建并发布项目（中文，无 JavaScript）", async ({ page }) => {
      await language(page, "zh");
      await page.goto("/login");
      await page.getByLabel("电子邮箱").fill("coord.hmu@demo.test");
      await page.getByLabel("密码").fill("demo-mobility-2026");
      await page.getByRole("button", { name: "登录" }).click();
      await page.getByRole("link", { name: "我的项目" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "我的项目" })).toBeVisible();
      await page.getByRole("link", { name: "新建项目" }).click();

      const group = (name: string) => page.getByRole("group", { name, exact: true });
      await page.getByLabel("类型", { exact: true }).selectOption({ label: "冬季学校" });
      await page.getByLabel("学科领域（ISCED-F）").selectOption("0912");
      await page.getByLabel("原文语言").selectOption("ru");
      await group("Русский").getByLabel("标题").fill(RU_TITLE);
      await group("Русский").getByLabel("摘要").fill("Десять дней в приёмном отделении клиники.");
      await group("中文").getByLabel("标题").fill(ZH_TITLE);
      await group("中文").getByLabel("摘要").fill("在急诊科学习十天。");
      await group("授课语言").getByLabel("Русский").selectOption("B1");
      await group("授课语言").getByLabel("English").selectOption("B2");
      await page.getByLabel("硕士").check();
      await page.getByLabel("住院医师").check();
      await page.getByLabel("开始日期").fill(STARTS);
      await page.getByLabel("结束日期").fill(ENDS);
      await page.getByLabel("主办方时区").selectOption("Asia/Harbin");
      await page.getByLabel("申请开放时间").fill(`${isoDay(-1)}T09:00`);
      await page.getByLabel("申请截止时间").fill(`${isoDay(20)}T18:00`);
      await page.getByLabel("名额", { exact: true }).fill("0");
      await page.getByLabel("每所大学名额").fill("2");
      await page.getByLabel("简历").check();
      await page.getByLabel("电子邮箱").fill("io@hrbmu.test");
      await page.getByRole("button", { name: "保存" }).click();

      // Refused: the error sits on its field, and everything typed is still there.
      await expect(page.getByText("必须至少为 1。")).toBeVisible();
      await expect(group("Русский").getByLabel("标题")).toHaveValue(RU_TITLE);
      await expect(page.getByLabel("硕士")).toBeChecked();
      await page.getByLabel("名额", { exact: true }).fill("8");
      await page.getByRole("button", { name: "保存" }).click();

      await expect(page.getByText("已保存。项目将如下所示。")).toBeVisible();
      await expect(page.getByText("草稿", { exact: true })).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name: ZH_TITLE })).toBeVisible();
      await page.getByRole("button", { name: "发布" }).click();
      await expect(page.getByText("已发布：项目现已出现在目录中。")).toBeVisible();
      await expect(page.getByText("已发布", { exact: true })).toBeVisible();
    });

    test("日历：选择日期查看活动（中文，无 JavaScript）", async ({ page }) => {
      await language(page, "zh");
      await page.goto(`/calendar?month=${STARTS.slice(0, 7)}`);
      await expect(page.getByRole("heading", { level: 1, name: "日历" })).toBeVisible();
      const [y, m, d] = STARTS.split("-").map(Number);
      await page.getByRole("link", { name: new RegExp(`^${y}年${m}月${d}日：`) }).click();
      await expect(page.getByRole("heading", { name: `${y}年${m}月${d}日的活动` })).toBeVisible();
      await expect(page.getByRole("link", { name: ZH_TITLE })).toBeVisible();
      await expect(page.getByRole("link", { name: "订阅这些截止日期（iCalendar）" })).toHaveAttribute("href", /\/calendar\.ics\?.*lang=zh/);
    });
  });

  test("посетитель находит программу по фильтрам и в календаре (русский)", async ({ page }) => {
    const errors = watchErrors(page);
    await language(page, "ru");
    await page.goto("/opportunities");
    await islandsReady(page);
    await page.getByLabel("Поиск").fill(WORD);
    await page.getByLabel("Вид").selectOption({ label: "Зимняя школа" });
    await page.getByLabel("Язык обучения").selectOption("ru");
    await page.getByLabel("Приём заявок открыт").check();
    await page.getByRole("button", { name: "Показать" }).click();
    await expect(page).toHaveURL(/kind=winter_school/);
    // Only what matches the word: no demo opportunity is left.
    await expect(page.getByRole("link", { name: /Ташкентская|Harbin|Харбинская/ })).toHaveCount(0);
    await page.getByRole("link", { name: RU_TITLE }).click();
    await expect(page.getByRole("heading", { level: 1, name: RU_TITLE })).toBeVisible();
    await expect(page.getByText("Резюме")).toBeVisible();
    // The deadline in the host's zone, and (with JavaScript) in the reader's own.
    await expect(page.getByText("Asia/Harbin, UTC+08:00")).toBeVisible();
    await expect(page.getByText(/\(ваше время: .+\)/)).toBeVisible();

    await page.getByRole("link", { name: "Календарь" }).first().click();
    await expect(page.getByRole("heading", { name: "Выберите дату, чтобы увидеть её события." })).toBeVisible();
    await page.goto(`/calendar?q=${encodeURIComponent(WORD)}&month=${STARTS.slice(0, 7)}`);
    const [y, , d] = STARTS.split("-").map(Number);
    await page.getByRole("link", { name: new RegExp(`^${d} \\S+ ${y}\\D*: программ — 1,`) }).click();
    await expect(page.getByRole("link", { name: RU_TITLE })).toBeVisible();
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });
});

test("секретариат альянса: свои программы, редактор и просмотр доступны (русский)", async ({ page }) => {
  const errors = watchErrors(page);
  await language(page, "ru");
  await page.goto("/login");
  await page.getByLabel("Адрес электронной почты").fill("staff.asrmu@demo.test");
  await page.getByLabel("Пароль").fill("demo-mobility-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await page.getByRole("link", { name: "Мои программы" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Мои программы" })).toBeVisible();
  await islandsReady(page);
  await expectAccessible(page);
  // Staff see their alliance's members' programmes, not the other alliance's.
  await expect(page.getByRole("link", { name: "Харбинская летняя школа клинической медицины" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Ташкент/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Харбинская летняя школа клинической медицины" }).click();
  await expect(page.getByRole("heading", { name: "Просмотр и публикация" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Отменить программу…" }).click();
  await expect(page.getByRole("heading", { name: "Отменить эту программу?" })).toBeVisible();
  await page.getByRole("link", { name: "Нет, оставить" }).click();
  await page.getByRole("link", { name: "Редактировать" }).click();
  await expect(page.getByLabel("Число мест")).toHaveValue("40");
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test.describe("contact without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("writing to the SCO secretariat (English, no JavaScript)", async ({ page }) => {
    await language(page, "en");
    await page.goto("/alliances/sco");
    const form = page.getByRole("region", { name: "Write to the secretariat" });
    await form.getByLabel("Your name").fill("Li Na");
    await form.getByLabel("E-mail address").fill("li.na@student.test");
    await form.getByLabel("Message").fill("short");
    await form.getByRole("button", { name: "Send" }).click();
    // Refused on the field, with what was typed kept.
    await expect(page.getByText("Too short.")).toBeVisible();
    await expect(page.getByLabel("Your name")).toHaveValue("Li Na");
    await page.getByLabel("Message").fill("When do applications open for the next summer school?");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByText("Thank you: your message was sent to the secretariat.")).toBeVisible();
    const mail = await waitForMail("staff.sco@demo.test");
    expect(mail.subject).toBe("Сообщение секретариату");
    expect(mail.text).toContain("li.na@student.test");
  });
});
