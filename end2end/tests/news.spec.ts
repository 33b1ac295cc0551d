import { expect, type Page } from "@playwright/test";
import { test, expectAccessible, islandsReady, watchErrors } from "./helpers";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
// One post per run, findable by a word no seeded post has.
const WORD = `Сосна${Date.now().toString(36)}`;
const TITLE = `Заседание совета в Воронеже ${WORD}`;
const ALT = `Участники заседания ${WORD}`;
// A one-pixel PNG.
const PNG_1x1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

async function language(page: Page, lang: string) {
  await page.context().addCookies([{ name: "lang", value: lang, url: BASE }]);
}

test.describe.serial("the secretariat publishes news; readers find it", () => {
  test.describe("without JavaScript", () => {
    // axe needs scripts: the pages' accessibility is checked by every_page.spec.ts (with
    // scripts off while they load) and by the reader's journey below.
    test.use({ javaScriptEnabled: false });

    test("секретариат пишет и публикует новость (русский, без JavaScript)", async ({ page }) => {
      const errors = watchErrors(page, [400]);
      await language(page, "ru");
      await page.goto("/login");
      await page.getByLabel("Адрес электронной почты").fill("staff.asrmu@demo.test");
      await page.getByLabel("Пароль").fill("demo-mobility-2026");
      await page.getByRole("button", { name: "Войти" }).click();
      await page.getByRole("link", { name: "Новости альянса" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Новости альянса" })).toBeVisible();
      await page.getByRole("link", { name: "Написать новость" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Новость" })).toBeVisible();

      const group = (name: string) => page.getByRole("group", { name, exact: true });
      await page.getByLabel("Язык оригинала").selectOption("ru");
      await group("Русский").getByLabel("Название").fill(TITLE);
      await page.getByRole("button", { name: "Сохранить и посмотреть" }).click();

      // Refused: the missing text is named on its field, the title is still there.
      await expect(group("Русский").getByText("Это поле обязательно.")).toBeVisible();
      await expect(group("Русский").getByLabel("Название")).toHaveValue(TITLE);
      await group("Русский")
        .getByLabel("Текст")
        .fill("Заседание прошло в здании правительства области.\n\nПрограмма: https://asrmu.example/voronezh");
      await page.getByRole("button", { name: "Сохранить и посмотреть" }).click();

      await expect(page.getByText("Сохранено. Так новость увидят читатели.")).toBeVisible();
      await expect(page.getByText(/^Черновик: эту новость видит только секретариат/)).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
      await expect(page.getByRole("link", { name: "https://asrmu.example/voronezh" })).toBeVisible();
      await page.getByRole("button", { name: "Опубликовать" }).click();
      await expect(page.getByText("Опубликовано: читатели видят новость.")).toBeVisible();

      // A picture, with a plain multipart form.
      await page.getByRole("link", { name: "Изменить", exact: true }).click();
      await page.getByLabel("Файл изображения (PNG или JPEG)").setInputFiles({
        name: "zal.png",
        mimeType: "image/png",
        buffer: Buffer.from(PNG_1x1, "base64"),
      });
      await page.getByLabel("Что изображено").fill(ALT);
      await page.getByRole("button", { name: "Загрузить изображение" }).click();
      await expect(page.getByText("Изображение сохранено.")).toBeVisible();
      await expect(page.getByRole("img", { name: ALT })).toBeVisible();
      expect(errors).toEqual([]);
    });
  });

  test("读者在新闻中找到它（中文）", async ({ page }) => {
    const errors = watchErrors(page);
    await language(page, "zh");
    await page.goto("/");
    await page.getByRole("link", { name: "新闻", exact: true }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "新闻" })).toBeVisible();
    await islandsReady(page);
    await expectAccessible(page);
    const card = page.locator("article").filter({ hasText: TITLE });
    await expect(card.getByText("尚无您的语言版本")).toBeVisible();
    await card.getByRole("link", { name: TITLE }).click();
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByText("尚无您的语言版本：以原文语言（Русский）显示。")).toBeVisible();
    await expect(page.getByRole("img", { name: ALT })).toBeVisible();
    await expectAccessible(page);
    // The alliance's own list and its feed.
    await page.locator("article").getByRole("link", { name: "中俄医科大学联盟" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "中俄医科大学联盟：新闻" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Atom 订阅" })).toBeVisible();
    const feed = await page.request.get("/alliances/asrmu/news.atom?lang=zh");
    expect(feed.headers()["content-type"]).toContain("application/atom+xml");
    expect(await feed.text()).toContain(TITLE);
    expect(errors).toEqual([]);
  });
});
