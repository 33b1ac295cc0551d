import { expect, type Page } from "@playwright/test";
import { test, expectAccessible, islandsReady, watchErrors } from "./helpers";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
// One university per run, findable by a name no other university has.
const NAME = `Tajik State Medical University ${Date.now().toString(36)}`;

async function language(page: Page, lang: string) {
  await page.context().addCookies([{ name: "lang", value: lang, url: BASE }]);
}

test.describe.serial("the secretariat adds a member; visitors see it at once", () => {
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("секретариат добавляет университет в альянс (русский, без JavaScript)", async ({ page }) => {
      const errors = watchErrors(page, [400]);
      await language(page, "ru");
      await page.goto("/login");
      await page.getByLabel("Адрес электронной почты").fill("staff.asrmu@demo.test");
      await page.getByLabel("Пароль").fill("demo-mobility-2026");
      await page.getByRole("button", { name: "Войти" }).click();
      await page.goto("/admin");
      await page.getByRole("link", { name: "Справочник участников" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Справочник участников" })).toBeVisible();
      await page.getByRole("link", { name: "Добавить университет" }).click();

      await page.getByLabel("Название на английском").fill(NAME);
      await page.getByLabel("Страна").selectOption({ label: "Таджикистан" });
      await page.getByLabel("Город", { exact: true }).fill("Dushanbe");
      await page.getByLabel("Название на языке университета").fill("Донишгоҳи давлатии тиббии Тоҷикистон");
      await page.getByRole("button", { name: "Сохранить университет" }).click();
      // Refused: the own-script name needs its language, named on that field; the rest is kept.
      await expect(page.getByText("Это поле обязательно.")).toBeVisible();
      await expect(page.getByLabel("Название на английском")).toHaveValue(NAME);
      await page.getByLabel("Язык этого названия").selectOption("tg");
      await page.getByRole("button", { name: "Сохранить университет" }).click();

      await expect(page.getByText("Сохранено. Новые сведения уже видны везде.")).toBeVisible();
      await expect(page.getByText(/^Член альянса с /)).toBeVisible();
      expect(errors).toEqual([]);
    });
  });

  test("访客立即在联盟页面和目录筛选中看到它（中文）", async ({ page }) => {
    const errors = watchErrors(page);
    await language(page, "zh");
    await page.goto("/alliances/asrmu");
    await islandsReady(page);
    await expect(page.getByRole("heading", { name: /塔吉克斯坦/ })).toBeVisible();
    await expect(page.getByRole("link", { name: NAME })).toBeVisible();
    await page.goto("/opportunities");
    await expect(page.getByLabel("国家").locator("option", { hasText: "塔吉克斯坦" })).toHaveCount(1);
    await page.goto("/alliances/asrmu");
    await page.getByRole("link", { name: NAME }).click();
    await expect(page.getByRole("heading", { level: 1, name: NAME })).toBeVisible();
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });
});
