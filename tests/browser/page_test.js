// Drives recist serve's page in headless Chromium (Debian's /usr/bin/chromium) with playwright-core:
// enters SPEC §6 example 1 as a reader would, checks what the engine says back on the page, saves
// a screenshot and the track. Run by test_page.py:
//   node page_test.js NODE_MODULES URL SCREENSHOT [EXAMPLES_URL]
// EXAMPLES_URL serves a copy of data/examples/measurements.csv: there the first track opens, and a
// new follow-up with a new lesion turns PD on the page, without a reload.
"use strict";
const path = require("path");
const [modules, url, screenshot, examplesUrl] = process.argv.slice(2);
const { chromium } = require(path.join(modules, "playwright-core"));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    headless: true,
  });
  const messages = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on("pageerror", (e) => messages.push("page error: " + e.message));
    // A 422 answer (fields to mend, while typing) is part of the dialogue; anything else is not.
    page.on("console", (m) => {
      if (m.type() === "error" && !/status of 422/.test(m.text())) messages.push("console: " + m.text());
    });
    page.setDefaultTimeout(20000);
    await page.goto(url);
    await page.locator("#subject").waitFor();

    // A new file: the page starts a new track.
    await page.fill("#subject", "EX");
    const baseline = page.locator('fieldset.assessment[data-index="0"]');
    await baseline.locator('input[name="date"]').fill("2026-03-02");
    await baseline.locator("button.add-target").click();
    // Its site is not entered yet: the reader's message is beside the field.
    const t1 = baseline.locator("tr.lesion").nth(0);
    await t1.locator(".msg").getByText("site", { exact: false }).first().waitFor();
    await t1.locator('input[name="site"]').fill("LIVER");
    await t1.locator('input[name="diameter_mm"]').fill("20");
    await baseline.locator("button.add-target").click();
    const t2 = baseline.locator("tr.lesion").nth(1);
    await t2.locator('input[name="site"]').fill("LUNG");
    // A 12 mm node offered as target: the engine's own finding (R2) shows beside the lesion ...
    await t2.locator('select[name="node"]').selectOption("Y");
    await t2.locator('input[name="diameter_mm"]').fill("12");
    await t2.locator(".msg span").first().waitFor();
    const finding = await t2.locator(".msg").innerText();
    check(/node|15/i.test(finding), "no R2 finding beside the 12 mm node: " + finding);
    // ... and goes once it is the 15 mm lung lesion of the example.
    await t2.locator('select[name="node"]').selectOption("N");
    await t2.locator('input[name="diameter_mm"]').fill("15");
    await page.waitForFunction(() => document.querySelectorAll("tr.lesion .msg span").length === 0);

    // Day 42: both targets 12 mm. The lesions are "not evaluated" until entered.
    await page.click("#add-followup");
    const day42 = page.locator('fieldset.assessment[data-index="1"]');
    await day42.locator('input[name="date"]').fill("2026-04-13");
    check(await day42.locator("tr.observed .ne-badge").nth(0).isVisible(), "T1 not shown as not evaluated");
    await day42.locator('tr.observed input[name="diameter_mm"]').nth(0).fill("12");
    await day42.locator('tr.observed input[name="diameter_mm"]').nth(1).fill("12");
    check(!(await day42.locator("tr.observed .ne-badge").nth(0).isVisible()), "T1 still shown as not evaluated");
    await page.locator('#timepoints tr.tp[data-date="2026-04-13"] td.overall').getByText("PR").waitFor();
    const pct = await page.locator('#timepoints tr.tp[data-date="2026-04-13"] td').nth(3).innerText();
    check(pct === "-31.4%", "day 42 % from baseline: " + pct);

    // Day 84: 11 + 13, PR again, which confirms the PR 42 days apart.
    await page.click("#add-followup");
    const day84 = page.locator('fieldset.assessment[data-index="2"]');
    await day84.locator('input[name="date"]').fill("2026-05-25");
    await day84.locator('tr.observed input[name="diameter_mm"]').nth(0).fill("11");
    await day84.locator('tr.observed input[name="diameter_mm"]').nth(1).fill("13");
    await page.locator('#timepoints tr.tp[data-date="2026-05-25"] td.overall').getByText("PR").waitFor();
    await page.waitForFunction(() => document.querySelector("#confirmed-bor").innerText.trim() === "PR");
    check((await page.locator("#bor").innerText()).trim() === "PR", "BOR");
    const reasons = await page.locator("#timepoints .reasons").first().innerText();
    check(reasons.length > 0, "no reasons shown for day 42");

    // The engine's spider line (recist plot spider), as an image.
    await page.waitForFunction(() => {
      const img = document.querySelector("#spider img");
      return img && img.complete && img.naturalWidth > 0;
    });
    await page.screenshot({ path: screenshot, fullPage: true });

    await page.click("#save");
    await page.locator("#save-status").getByText("saved").waitFor();
    check(messages.length === 0, messages.join("\n"));
    console.log("page: PR / confirmed PR shown, saved; screenshot " + screenshot);
    if (examplesUrl) await followUp(browser, messages);
  } finally {
    await browser.close();
  }
}

/// The README's walk-through: open a patient of the examples, add a follow-up, see it assessed.
async function followUp(browser, messages) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on("pageerror", (e) => messages.push("page error: " + e.message));
  page.setDefaultTimeout(20000);
  await page.goto(examplesUrl);
  await page.locator('#timepoints tr.tp[data-date="2026-05-28"]').waitFor();
  check((await page.locator("#subject").inputValue()) === "EX-01", "the first track is not open");
  await page.click("#add-followup");
  const card = page.locator('fieldset.assessment[data-index="3"]');
  check((await card.locator('input[name="date"]').inputValue()) === "2026-07-09", "a follow-up 42 days on");
  const observed = card.locator("tr.observed");
  await observed.nth(0).locator('input[name="diameter_mm"]').fill("11");
  await observed.nth(1).locator('input[name="diameter_mm"]').fill("13");
  await observed.nth(2).locator('select[name="status"]').selectOption("PRESENT");
  await page.locator('#timepoints tr.tp[data-date="2026-07-09"] td.overall').getByText("PR").waitFor();
  await card.locator("button.add-new").click();
  await card.locator('tr.lesion input[name="site"]').fill("LIVER");
  await page.locator('#timepoints tr.tp[data-date="2026-07-09"] td.overall').getByText("PD").waitFor();
  check((await page.locator("#confirmed-bor").innerText()).trim() === "PR", "confirmed BOR after a later PD");
  check(page.url() === examplesUrl, "the page was reloaded");
  check(messages.length === 0, messages.join("\n"));
  console.log("page: a new follow-up of EX-01 with a new lesion is PD, without a reload");
}

main().catch((e) => {
  console.error("FAIL " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
