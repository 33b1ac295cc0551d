import { expect, type Page } from "@playwright/test";
import { test, expectAccessible, islandsReady, watchErrors } from "./helpers";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
// One event per run, findable by a word no seeded event has.
const WORD = `Cedar${Date.now().toString(36)}`;
const TITLE = `Congress of rural medicine ${WORD}`;

function isoDay(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}
const STARTS = isoDay(25);
const ENDS = isoDay(26);

async function language(page: Page, lang: string) {
  await page.context().addCookies([{ name: "lang", value: lang, url: BASE }]);
}

test.describe.serial("the secretariat adds an event; the calendar shows it", () => {
  test.describe("without JavaScript", () => {
    // axe needs scripts: every_page.spec.ts checks these pages with scripts off while they load.
    test.use({ javaScriptEnabled: false });

    test("staff add and publish an event (English, no JavaScript)", async ({ page }) => {
      const errors = watchErrors(page);
      await language(page, "en");
      await page.goto("/login");
      await page.getByLabel("E-mail address").fill("staff.sco@demo.test");
      await page.getByLabel("Password").fill("demo-mobility-2026");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("link", { name: "Alliance events" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Alliance events" })).toBeVisible();
      await page.getByRole("link", { name: "Add an event" }).click();

      const group = (name: string) => page.getByRole("group", { name, exact: true });
      await page.getByLabel("Kind of event").selectOption({ label: "Congress" });
      await page.getByLabel("Starts on").fill(STARTS);
      await page.getByLabel("Ends on").fill(STARTS);
      await page.getByLabel("Original language").selectOption("en");
      await group("English").getByLabel("Title").fill(TITLE);
      await page.getByRole("button", { name: "Save and preview" }).click();

      // Refused: the place is missing; what was typed is still there.
      await expect(group("English").getByText("This field is required.")).toBeVisible();
      await expect(group("English").getByLabel("Title")).toHaveValue(TITLE);
      await group("English").getByLabel("Place").fill("Tashkent, Uzbekistan");
      await page.getByLabel("Ends on").fill(ENDS);
      await page.getByRole("button", { name: "Save and preview" }).click();

      await expect(page.getByText("Saved. This is how readers will see the event.")).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
      await page.getByRole("button", { name: "Publish" }).click();
      await expect(page.getByText(/^Published: readers see the event now/)).toBeVisible();
      expect(errors).toEqual([]);
    });
  });

  test("日历的某一天显示活动（中文）", async ({ page }) => {
    const errors = watchErrors(page);
    await language(page, "zh");
    await page.goto(`/calendar?month=${STARTS.slice(0, 7)}`);
    await islandsReady(page);
    const [y, m, d] = STARTS.split("-").map(Number);
    const dayLink = page.getByRole("link", { name: new RegExp(`^${y}年${m}月${d}日：.*项活动`) });
    await expect(dayLink).toBeVisible();
    await dayLink.click();
    await expect(page.getByRole("heading", { name: `${y}年${m}月${d}日的活动` })).toBeVisible();
    const event = page.getByRole("link", { name: TITLE });
    await expect(event).toBeVisible();
    await expectAccessible(page);
    await event.click();
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByText("尚无您的语言版本：以原文语言（English）显示。")).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: "全部活动" }).click();
    await expect(page.getByRole("link", { name: TITLE })).toBeVisible();
    await expect(page.getByRole("link", { name: "第十四届哈尔滨国际眼科学术研讨会" })).toBeVisible();
    expect(errors).toEqual([]);
  });
});
