import { expect, type Page } from "@playwright/test";
import { test, expectAccessible, islandsReady } from "./helpers";

// Every page of every role, with JavaScript on and off, in each project's viewport (a desktop
// and a phone): axe finds nothing, and no page is wider than the screen (wide tables scroll
// inside their region instead of pushing the page). With JavaScript off the page loads and
// renders with scripts disabled; only then are they enabled again for axe and the measurement
// (scripts that were skipped while the page loaded do not run afterwards), so what is checked
// is the page exactly as a browser without JavaScript shows it.
const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const DEMO_PASSWORD = "demo-mobility-2026";

const PAGES: Record<string, string[]> = {
  anonymous: [
    "/",
    "/alliances",
    "/alliances/asrmu",
    "/universities/1",
    "/opportunities",
    "/opportunities?kind=summer_school&open=1",
    "/opportunities/1",
    "/calendar",
    "/news",
    "/news/1",
    "/alliances/asrmu/news",
    "/events",
    "/events?past=1",
    "/events/1",
    "/register",
    "/login",
    "/reset",
    "/records/verify?code=DEMO-2026-0009",
    "/no-such-page",
  ],
  "student.hmu@demo.test": [
    "/account",
    "/applications",
    "/applications/2",
    "/applications/16/agreement",
    "/applications/15/recognition",
    "/inbox",
  ],
  "student.sechenov@demo.test": ["/applications/17/record"],
  "coord.hmu@demo.test": [
    "/review/incoming",
    "/review/outgoing",
    "/manage/opportunities",
    "/manage/opportunities/1",
    "/manage/opportunities/1/edit",
    "/manage/opportunities/new",
    "/manage/rules",
    "/statistics",
  ],
  "coord.sechenov@demo.test": ["/review/outgoing", "/review/incoming"],
  "staff.asrmu@demo.test": [
    "/statistics",
    "/statistics/report",
    "/admin",
    "/manage/news",
    "/manage/news/new",
    "/manage/news/1/edit",
    "/manage/events",
    "/manage/events/new",
    "/manage/events/1/edit",
    "/alliances/asrmu/messages",
    "/alliances/asrmu/messages?all=1",
    "/alliances/asrmu/messages/1",
    "/admin/directory",
    "/admin/directory?q=harbin",
    "/admin/directory/new",
  ],
  "admin@demo.test": ["/admin", "/account", "/admin/directory", "/admin/directory/1"],
};

async function signIn(page: Page, who: string) {
  await page.context().clearCookies();
  if (who === "anonymous") return;
  const res = await page.request.post("/api/login", { form: { email: who, password: DEMO_PASSWORD } });
  expect(res.status(), `sign in ${who}`).toBe(200);
}

/**
 * How much wider than the screen the page is (0 when it fits), and what sticks out. The screen is
 * the viewport the project sets: on a phone the browser widens its layout viewport (innerWidth)
 * to the page, so innerWidth would hide the overflow it is meant to show.
 */
async function overflow(page: Page): Promise<{ by: number; what: string[] }> {
  const screen = page.viewportSize()?.width ?? 0;
  return page.evaluate((screen) => {
    const by = document.documentElement.scrollWidth - screen;
    // The outermost elements reaching past the screen, outside a region that scrolls.
    const what = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > screen + 0.5)
      .filter((e) => !e.parentElement?.closest(".table-wrap"))
      .filter((e) => !(e.parentElement && e.parentElement.getBoundingClientRect().right > screen + 0.5))
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} → ${Math.round(e.getBoundingClientRect().right)}px`);
    return { by, what };
  }, screen);
}

for (const js of [true, false]) {
  test.describe(js ? "every page, JavaScript on" : "every page, JavaScript off", () => {
    test.use({ javaScriptEnabled: js });
    for (const [who, paths] of Object.entries(PAGES)) {
      test(`${who} (${js ? "JS" : "no JS"})`, async ({ page }) => {
        test.setTimeout(120_000);
        await page.context().addCookies([{ name: "lang", value: "ru", url: BASE }]);
        await signIn(page, who);
        await page.context().addCookies([{ name: "lang", value: "ru", url: BASE }]);
        const cdp = js ? null : await page.context().newCDPSession(page);
        for (const path of paths) {
          await cdp?.send("Emulation.setScriptExecutionDisabled", { value: true });
          const res = await page.goto(path);
          expect(res?.status(), path).toBeLessThan(path === "/no-such-page" ? 500 : 400);
          if (js) await islandsReady(page);
          else {
            await cdp?.send("Emulation.setScriptExecutionDisabled", { value: false });
            // Nothing ran: no island became ready, no local time was filled in.
            await expect(page.locator("[data-ready]")).toHaveCount(0);
          }
          const wide = await overflow(page);
          expect(wide.by, `${path} is wider than the screen: ${wide.what.join(", ")}`).toBeLessThanOrEqual(0);
          await expectAccessible(page).catch((e) => {
            throw new Error(`${path}: ${e}`);
          });
        }
      });
    }
  });
}
