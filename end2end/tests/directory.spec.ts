import { expect } from "@playwright/test";
import { test, expectAccessible, islandsReady, screenshot, watchErrors } from "./helpers";

test.describe("member directory (JavaScript on)", () => {
  test("home page shows both alliances and passes axe", async ({ page }, info) => {
    const errors = watchErrors(page);
    await page.goto("/");
    await islandsReady(page);
    await expect(page).toHaveTitle(/Alliance Mobility/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Academic mobility across medical university alliances",
    );
    await expect(page.getByRole("link", { name: "Association of Sino-Russian Medical Universities" })).toBeVisible();
    await expect(page.getByRole("link", { name: "SCO Medical University Alliance" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expectAccessible(page);
    await screenshot(page, info, "home-en");
    expect(errors).toEqual([]);
  });

  test("switches to Russian, then Chinese, and the choice sticks", async ({ page }, info) => {
    const errors = watchErrors(page);
    await page.goto("/alliances");
    await islandsReady(page);
    await page.getByRole("button", { name: "Русский" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Альянсы");
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await expect(page.getByRole("link", { name: "Ассоциация медицинских университетов России и Китая" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Русский" })).toHaveAttribute("aria-pressed", "true");
    await screenshot(page, info, "alliances-ru");

    await islandsReady(page);
    await page.getByRole("button", { name: "中文" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("联盟");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh");
    await page.getByRole("link", { name: "首页" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("医科大学联盟之间的学术交流");
    await expectAccessible(page);
    await screenshot(page, info, "home-zh");
    expect(errors).toEqual([]);
  });

  test("opens an alliance and finds a known member", async ({ page }, info) => {
    const errors = watchErrors(page);
    await page.goto("/");
    await islandsReady(page);
    await page.getByRole("link", { name: "Association of Sino-Russian Medical Universities" }).click();
    await expect(page).toHaveURL(/\/alliances\/asrmu$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Association of Sino-Russian Medical Universities");
    const china = page.getByRole("region", { name: /China/ });
    await expect(china.getByRole("heading", { level: 3 })).toContainText("(44)");
    await expect(china.getByRole("link", { name: "Harbin Medical University" })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, info, "alliance-asrmu");

    await china.getByRole("link", { name: "Harbin Medical University" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Harbin Medical University");
    await expect(page.getByText("哈尔滨医科大学")).toBeVisible();
    await expect(page.getByRole("link", { name: "Association of Sino-Russian Medical Universities" }).last()).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, info, "university-hmu");
    expect(errors).toEqual([]);
  });

  test("an unknown page is a translated 404", async ({ page, baseURL }, info) => {
    await page.context().addCookies([{ name: "lang", value: "ru", url: baseURL! }]);
    const response = await page.goto("/alliances/no-such-alliance");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Страница не найдена");
    await page.getByRole("link", { name: "На главную" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Академическая мобильность в альянсах медицинских университетов",
    );
    await expectAccessible(page);
    await screenshot(page, info, "not-found-ru");
  });
});

test("every directory page passes axe in Chinese", async ({ page, baseURL }) => {
  await page.context().addCookies([{ name: "lang", value: "zh", url: baseURL! }]);
  const errors = watchErrors(page);
  for (const path of ["/", "/alliances", "/alliances/sco", "/alliances/asrmu"]) {
    await page.goto(path);
    await islandsReady(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh");
    await expectAccessible(page);
  }
  await page.getByRole("link", { name: "Beijing University of Chinese Medicine" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Beijing University of Chinese Medicine");
  await expect(page.getByRole("link", { name: "中俄医科大学联盟" })).toBeVisible();
  await expect(page.getByRole("link", { name: "上海合作组织医科大学联盟" })).toBeVisible();
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test.describe("member directory (JavaScript off)", () => {
  test.use({ javaScriptEnabled: false });

  test("reads the directory and switches language with plain forms", async ({ page }, info) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Academic mobility across medical university alliances",
    );
    await page.getByRole("button", { name: "中文" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("医科大学联盟之间的学术交流");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh");

    await page.getByRole("link", { name: "上海合作组织医科大学联盟" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("上海合作组织医科大学联盟");
    const iran = page.getByRole("region", { name: /伊朗/ });
    await expect(iran.getByRole("link", { name: "Tehran University of Medical Sciences" })).toBeVisible();
    // (axe-core needs JavaScript to run; the same pages are checked in Chinese with JS on.)
    await screenshot(page, info, "alliance-sco-zh-nojs");

    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("SCO Medical University Alliance");
  });
});
