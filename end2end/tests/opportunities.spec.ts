import { expect } from "@playwright/test";
import { test, islandsReady, expectAccessible, watchErrors } from "./helpers";

test.describe("catalogue without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("каталог: фильтры по виду и открытому приёму, карточка программы (русский)", async ({ page }) => {
    await page.context().addCookies([{ name: "lang", value: "ru", url: process.env.BASE_URL ?? "http://127.0.0.1:3000" }]);
    await page.goto("/");
    await page.getByRole("link", { name: "Программы" }).click();
    await expect(page.getByRole("heading", { name: "Программы мобильности" })).toBeVisible();
    await page.getByLabel("Вид").selectOption({ label: "Летняя школа" });
    await page.getByLabel("Приём заявок открыт").check();
    await page.getByRole("button", { name: "Показать" }).click();
    await expect(page).toHaveURL(/kind=summer_school/);
    const card = page.getByRole("link", { name: "Харбинская летняя школа клинической медицины" });
    await expect(card).toBeVisible();
    // A winter school and a closed summer school are filtered out.
    await expect(page.getByRole("link", { name: /Зимняя школа/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Казанская летняя школа биохимии" })).toHaveCount(0);
    // Written only in Russian, shown to a Russian reader without the "original" mark.
    await expect(page.getByRole("link", { name: "Летняя школа морской медицины во Владивостоке" })).toBeVisible();
    await card.click();
    await expect(page.getByRole("heading", { level: 1, name: "Харбинская летняя школа клинической медицины" })).toBeVisible();
    await expect(page.getByText("Мотивационное письмо")).toBeVisible();
    await expect(page.getByRole("button", { name: "Подать заявку" })).toBeVisible();
  });
});

test("搜索与详情（中文，启用 JavaScript）", async ({ page }) => {
  const errors = watchErrors(page);
  await page.context().addCookies([{ name: "lang", value: "zh", url: process.env.BASE_URL ?? "http://127.0.0.1:3000" }]);
  await page.goto("/opportunities");
  await islandsReady(page);
  await expectAccessible(page);
  await page.getByLabel("搜索").fill("针灸");
  await page.getByRole("button", { name: "显示" }).click();
  await expect(page).toHaveURL(/q=%E9%92%88%E7%81%B8|q=针灸/);
  await expect(page.getByRole("link", { name: "天津中医药大学中医暑期学校" })).toBeVisible();
  await expect(page.getByRole("link", { name: "北京中医药大学上合组织中医暑期学校" })).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(2);
  // A programme written only in English is marked as shown in its original language.
  await page.goto("/opportunities?country=IR");
  await expect(page.getByText("以主办方撰写时的语言显示。").first()).toBeVisible();
  await page.getByRole("link", { name: "Clinical clerkship in cardiology, Tehran Heart Center" }).click();
  await expect(page.getByRole("button", { name: "申请" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the alliance page lists its upcoming opportunities (English)", async ({ page }) => {
  await page.context().addCookies([{ name: "lang", value: "en", url: process.env.BASE_URL ?? "http://127.0.0.1:3000" }]);
  await page.goto("/alliances/sco");
  await expect(page.getByRole("heading", { name: "Upcoming opportunities" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Central Asian Summer School of Public Health" })).toBeVisible();
  // Only the alliance's own programmes: Harbin's summer school belongs to ASRMU.
  await expect(page.getByRole("link", { name: "Harbin Summer School of Clinical Medicine" })).toHaveCount(0);
  await page.getByRole("link", { name: "All upcoming opportunities" }).click();
  await expect(page).toHaveURL(/alliance=sco/);
  await expect(page.getByRole("link", { name: "Tashkent Winter School of Pharmacy" })).toBeVisible();
});
