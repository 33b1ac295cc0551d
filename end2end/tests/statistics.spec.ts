import { expect, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { test, islandsReady, expectAccessible, screenshot } from "./helpers";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const DEMO_PASSWORD = "demo-mobility-2026";

/** The academic year (September–August) of today, written by its first calendar year. */
function currentYear(): number {
  const now = new Date();
  return now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
}

function yearLabel(y: number): string {
  return `${y}/${String((y + 1) % 100).padStart(2, "0")}`;
}

async function signIn(page: Page, email: string, lang: string) {
  await page.context().clearCookies();
  await page.context().addCookies([{ name: "lang", value: lang, url: BASE }]);
  const res = await page.request.post("/api/login", { form: { email, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
}

async function setLanguage(page: Page, lang: string) {
  await page.context().addCookies([{ name: "lang", value: lang, url: BASE }]);
}

test.describe("mobility statistics", () => {
  test("staff filter a year, download a CSV and print the annual report in Chinese", async ({ page }, info) => {
    test.setTimeout(120_000);
    await signIn(page, "staff.asrmu@demo.test", "en");
    await page.goto("/");
    await islandsReady(page);
    await page.getByRole("link", { name: "Statistics" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Mobility statistics" })).toBeVisible();
    await islandsReady(page);
    await expectAccessible(page);

    // Filter one academic year: the URL carries it (shareable), the heading says it.
    const year = currentYear();
    await page.getByLabel("From academic year", { exact: true }).selectOption(String(year));
    await page.getByLabel("To academic year", { exact: true }).selectOption(String(year));
    await page.getByLabel("Host country", { exact: true }).selectOption("RU");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(new RegExp(`from=${year}&to=${year}.*host=RU`));
    await expect(page.getByText(`academic years ${yearLabel(year)}`)).toBeVisible();
    const applications = page.locator(".key-figures .figure").filter({ hasText: "Applications" }).locator("dd");
    await expect(applications).toHaveText(/^[1-9]/);
    // Every demo application to a Russian host is counted once in the flows' total.
    const total = page.locator("section[aria-labelledby=flows] tfoot td").first();
    await expect(total).toHaveText(await applications.innerText());
    await screenshot(page, info, "statistics-dashboard");

    // The table beside the flow chart as CSV, with headings in the reader's language.
    const flows = page.locator("section[aria-labelledby=flows]");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      flows.getByRole("link", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^flows-.*\.csv$/);
    const csv = await readFile(await download.path(), "utf8");
    expect(csv).toContain("Home country");
    expect(csv).toContain("Russia");
    expect(csv.trim().split("\n").length).toBeGreaterThan(1);

    // The annual report, in Chinese, printed to A4.
    await setLanguage(page, "zh");
    await page.goto(`/statistics/report?alliance=asrmu&from=${year}`);
    await islandsReady(page);
    await expect(page.getByRole("heading", { level: 1, name: `${yearLabel(year)} 学年年度报告` })).toBeVisible();
    await expect(page.getByRole("heading", { name: "主要数据" })).toBeVisible();
    await expect(page.getByRole("img", { name: "学生流向" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "上一学年" }).first()).toBeVisible();
    await expect(page.getByRole("button", { name: "打印或另存为 PDF" })).toBeVisible();
    await expectAccessible(page);
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("button", { name: "打印或另存为 PDF" })).toBeHidden();
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(20_000);
    await info.attach("annual-report.pdf", { body: pdf, contentType: "application/pdf" });
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("in Russian the charts show and the filters work", async ({ page }, info) => {
      await signIn(page, "staff.asrmu@demo.test", "ru");
      await page.goto("/statistics");
      await expect(page.getByRole("heading", { level: 1, name: "Статистика мобильности" })).toBeVisible();
      // Charts are server-drawn SVG: there without a script.
      await expect(page.getByRole("img", { name: "Куда едут студенты" })).toBeVisible();
      await expect(page.getByRole("img", { name: "Мобильность по видам и годам" })).toBeVisible();
      await expect(page.locator("svg.chart.flow path.band").first()).toBeAttached();
      const bars = await page.getByRole("img", { name: "Мобильность по видам и годам" }).boundingBox();
      expect(bars?.height ?? 0).toBeGreaterThan(100);
      // A GET form: choosing a level reloads the page with it in the URL.
      await page.getByLabel("Уровень", { exact: true }).selectOption("master");
      await page.getByRole("button", { name: "Показать" }).click();
      await expect(page).toHaveURL(/level=master/);
      await expect(page.getByLabel("Уровень", { exact: true })).toHaveValue("master");
      await screenshot(page, info, "statistics-no-js");
      // The coordinator of HMU sees their university only.
      await signIn(page, "coord.hmu@demo.test", "ru");
      await page.goto("/statistics");
      await expect(page.getByText("Харбинский медицинский университет").or(page.getByText("Harbin Medical University")).first()).toBeVisible();
      const other = await page.request.get("/statistics?alliance=sco");
      expect(other.status()).toBe(404);
    });
  });
});
