import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { test, watchErrors, islandsReady, expectAccessible, screenshot } from "./helpers";
import { waitForMail, linkIn, freshEmail, totpCode } from "./mail";

async function chooseLanguage(page: Page, lang: "en" | "ru" | "zh") {
  await page.context().addCookies([{ name: "lang", value: lang, url: process.env.BASE_URL ?? "http://127.0.0.1:3000" }]);
}

async function chooseUniversity(page: Page, label: string, name: string) {
  const option = page.getByLabel(label).locator("option", { hasText: name }).first();
  await page.getByLabel(label).selectOption((await option.getAttribute("value")) ?? "");
}

test("register, confirm from the e-mail, sign in and out (English)", async ({ page }, info) => {
  const errors = watchErrors(page);
  const email = freshEmail("li.na");
  await chooseLanguage(page, "en");
  await page.goto("/");
  await islandsReady(page);
  await page.getByRole("link", { name: "Register" }).click();
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await islandsReady(page);
  await expectAccessible(page);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("a long enough phrase");
  await page.getByLabel("Name in Latin letters (as in your passport)").fill("Li Na");
  await page.getByLabel("Name in your own script").fill("李娜");
  await chooseUniversity(page, "Home university", "Harbin Medical University");
  await page.getByLabel("Level").selectOption({ label: "Master's" });
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();

  const mail = await waitForMail(email);
  expect(mail.subject).toBe("Confirm your e-mail address");
  await page.goto(linkIn(mail, "/verify?token="));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByText("Your address is confirmed. You can sign in now.")).toBeVisible();

  await islandsReady(page);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("a long enough phrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "My account", exact: true })).toBeVisible();
  await expect(page.getByText(email).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await islandsReady(page);
  await expectAccessible(page);
  await screenshot(page, info, "account-en");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/account");
  await expect(page.getByText("Please sign in to continue.")).toBeVisible();
  expect(errors.filter((e) => !e.includes("/account") && !e.includes("/api/my_account"))).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("регистрация, подтверждение, вход и выход (русский, без JavaScript)", async ({ page }, info) => {
    const email = freshEmail("ivan");
    await chooseLanguage(page, "ru");
    await page.goto("/register");
    await expect(page.getByRole("heading", { name: "Регистрация" })).toBeVisible();

    // A too-short password: the error appears next to the field, in Russian; typed values stay.
    await page.getByLabel("Адрес электронной почты").fill(email);
    await page.getByLabel("Пароль").fill("коротко");
    await page.getByLabel("Имя латиницей (как в загранпаспорте)").fill("Ivan Petrov");
    await page.getByLabel("Имя на родном языке").fill("Иван Петров");
    await chooseUniversity(page, "Родной университет", "Sechenov");
    await page.getByLabel("Уровень").selectOption({ label: "Бакалавриат / специалитет" });
    await page.getByRole("button", { name: "Зарегистрироваться" }).click();
    await expect(page.getByText("Слишком коротко.")).toBeVisible();
    await expect(page.getByLabel("Адрес электронной почты")).toHaveValue(email);
    await screenshot(page, info, "register-error-ru-nojs");

    await page.getByLabel("Пароль").fill("длинная парольная фраза");
    await page.getByRole("button", { name: "Зарегистрироваться" }).click();
    await expect(page.getByRole("heading", { name: "Проверьте почту" })).toBeVisible();

    const mail = await waitForMail(email);
    expect(mail.subject).toBe("Подтвердите адрес электронной почты");
    await page.goto(linkIn(mail, "/verify?token="));
    await page.getByRole("button", { name: "Подтвердить адрес" }).click();
    await expect(page.getByText("Адрес подтверждён. Теперь можно войти.")).toBeVisible();

    await page.getByLabel("Адрес электронной почты").fill(email);
    await page.getByLabel("Пароль").fill("длинная парольная фраза");
    await page.getByRole("button", { name: "Войти" }).click();
    await expect(page.getByRole("heading", { name: "Мой кабинет" })).toBeVisible();
    await page.getByRole("button", { name: "Выйти" }).click();
    await expect(page.getByRole("link", { name: "Войти" })).toBeVisible();
  });

  test("wrong password without JavaScript shows the error on the page", async ({ page }) => {
    await chooseLanguage(page, "en");
    await page.goto("/login");
    await page.getByLabel("E-mail address").fill("student.hmu@demo.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("The e-mail address or the password is not correct.");
    await expect(page.getByLabel("E-mail address")).toHaveValue("student.hmu@demo.test");
  });
});

test("reset a forgotten password (English)", async ({ page, request }) => {
  const errors = watchErrors(page);
  const email = freshEmail("reset");
  // An account made through the same endpoints the register form uses.
  const universities = await (await request.post("/api/university_choices")).json();
  await request.post("/api/register", {
    form: { email, password: "the first phrase", name_latin: "Reset Me", name_native: "", university_id: String(universities[0][0]), level: "phd", locale: "en" },
  });
  await page.goto(linkIn(await waitForMail(email), "/verify?token="));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByText("Your address is confirmed.")).toBeVisible();

  await page.goto("/login");
  await islandsReady(page).catch((e) => {
    throw new Error(`${e}\nbrowser errors: ${errors.join("\n")}`);
  });
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByLabel("E-mail address").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText("If an account uses this address, a link is on its way.")).toBeVisible();
  const mail = await waitForMail(email, 2);
  expect(mail.subject).toBe("Reset your password");
  await page.goto(linkIn(mail, "/reset/new?token="));
  await islandsReady(page);
  await page.getByLabel("New password").fill("the second phrase");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByText("Your password was changed. Sign in with the new one.")).toBeVisible();
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("the second phrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "My account", exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

/** A confirmed account made through the same endpoints the forms use. */
async function confirmedAccount(request: APIRequestContext, name: string, password: string): Promise<string> {
  const email = freshEmail(name);
  const universities = await (await request.post("/api/university_choices")).json();
  await request.post("/api/register", {
    form: { email, password, name_latin: "Test Person", name_native: "", university_id: String(universities[0][0]), level: "master", locale: "zh" },
  });
  const token = linkIn(await waitForMail(email), "/verify?token=").split("token=")[1];
  expect((await request.post("/api/verify_email", { form: { token } })).status()).toBe(200);
  return email;
}

test("repeated wrong passwords show the rate-limit message (Chinese)", async ({ page, request }) => {
  const email = await confirmedAccount(request, "limited", "the right phrase");
  await chooseLanguage(page, "zh");
  await page.goto("/login");
  await islandsReady(page);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("电子邮箱").fill(email);
    await page.getByLabel("密码").fill(`wrong guess ${i}`);
    await page.getByRole("button", { name: "登录" }).first().click();
    await expect(page.getByRole("alert")).toHaveText("电子邮箱或密码不正确。");
  }
  await page.getByLabel("密码").fill("the right phrase");
  await page.getByRole("button", { name: "登录" }).first().click();
  await expect(page.getByRole("alert")).toContainText("尝试次数过多");
});

test("demo staff open the administration page and see the invitation form", async ({ page }) => {
  await chooseLanguage(page, "en");
  await page.goto("/login");
  await islandsReady(page);
  await page.getByLabel("E-mail address").fill("staff.asrmu@demo.test");
  await page.getByLabel("Password").fill("demo-mobility-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "My account", exact: true })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Alliance staff" })).toContainText("in effect");
  await page.getByRole("link", { name: "Administration" }).click();
  await expect(page.getByRole("heading", { name: "Invite a university coordinator" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Invite alliance staff" })).toHaveCount(0);
  await islandsReady(page);
  await expectAccessible(page);
});

test("turn on two-factor sign-in with an authenticator app, then sign in with a code (English)", async ({ page, request }) => {
  const email = await confirmedAccount(request, "totp", "a phrase for totp");
  await chooseLanguage(page, "en");
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("a phrase for totp");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("heading", { name: "Set up two-factor sign-in" })).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeVisible();
  const secret = (await page.locator("code.secret").textContent())!.trim();
  await page.getByLabel("6-digit code").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("This code is not valid.")).toBeVisible();
  const now = Math.floor(Date.now() / 1000);
  await page.getByLabel("6-digit code").fill(totpCode(secret, now));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Two-factor sign-in is on.")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("a phrase for totp");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  // The code used to turn TOTP on works once; the next step's code is accepted.
  await page.getByLabel("6-digit code").fill(totpCode(secret, now + 30));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "My account", exact: true })).toBeVisible();
});
