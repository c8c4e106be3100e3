/**
 * The viewer in a real browser: Debian's Chromium driven by playwright-core, against the compiled
 * `ptc-mcp viewer` over a trace dir written by a real `ptc-mcp start` run (success, parse error,
 * aggregator call with two upstream calls, timeout). Checks each page, the filters, the error mark,
 * the waterfall, the live list, and runs axe-core in each page (no critical violations).
 * Screenshots go to test-artifacts/viewer/ (and, with UPDATE_DOCS_SCREENSHOTS=1, to docs/).
 *
 * Chromium comes from `.ci/run` (apt-get). Without it the test fails under CI and is skipped
 * elsewhere, saying why.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { makeTraceFixture, PROGRAMS, startTracingServer, type TraceFixture } from "../viewer/traces-fixture.ts";
import { BINARY } from "./helpers.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ROOT = join(import.meta.dir, "..", "..");
const ARTIFACTS = join(ROOT, "test-artifacts", "viewer");
const AXE = readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
const have = existsSync(CHROMIUM);
if (!have && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
const maybe = have ? describe : describe.skip;
if (!have) console.warn(`viewer browser tests skipped: no ${CHROMIUM}`);

let fixture: TraceFixture;
let viewer: ChildProcess;
let base = "";
let browser: Browser;
/** axe-core is injected as a script, which the viewer's own CSP would refuse. */
let context: BrowserContext;

/** Starts `ptc-mcp viewer` on a free port and reads the URL it prints. */
async function startViewer(traceDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(BINARY, ["viewer", "--trace-dir", traceDir, "--port", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let err = "";
    proc.stderr?.on("data", (b: Buffer) => {
      err += b.toString();
      const m = /on (http:\/\/\S+?)\/?\n/.exec(err);
      if (m) resolve(m[1] as string);
    });
    proc.once("exit", (code) => reject(new Error(`viewer exited ${code}: ${err}`)));
  });
  return { proc, url };
}

/** Runs axe-core in the page; returns the critical violations' ids. */
async function criticalViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact })))",
  )) as { id: string; impact: string }[];
  return result.filter((v) => v.impact === "critical").map((v) => v.id);
}

async function shot(page: Page, name: string): Promise<void> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (process.env.UPDATE_DOCS_SCREENSHOTS === "1") copyFileSync(path, join(ROOT, "docs", `viewer-${name}.png`));
}

maybe("ptc-mcp viewer in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    fixture = await makeTraceFixture();
    const v = await startViewer(fixture.traceDir);
    viewer = v.proc;
    base = v.url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    viewer?.kill("SIGTERM");
    if (fixture) rmSync(fixture.root, { recursive: true, force: true });
  }, 30_000);

  it("lists the four calls with their outcomes, and has no critical accessibility violation", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const rows = page.locator("#calls tbody tr");
    expect(await rows.count()).toBe(4);
    const statuses = await page.locator("#calls tbody tr td:nth-child(4)").allTextContents();
    expect(statuses.sort()).toEqual(["ok", "ok", "parse_error", "timeout"]);
    expect(await page.locator("#calls tbody tr td:nth-child(8)").allTextContents()).toContain("2");
    await shot(page, "calls");
    expect(await criticalViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("filters the list by status through the form", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.selectOption("select[name=status]", "timeout");
    await Promise.all([page.waitForURL(/status=timeout/), page.click("button[type=submit]")]);
    expect(await page.locator("#calls tbody tr").count()).toBe(1);
    expect(await page.locator("#calls tbody tr td:nth-child(4)").textContent()).toBe("timeout");
    await page.close();
  }, 60_000);

  it("opens a failed call and shows its error line marked", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/?status=parse_error`);
    await Promise.all([page.waitForURL(/\/calls\//), page.click("#calls tbody tr a")]);
    expect(await page.locator("#call-status").textContent()).toBe("parse_error");
    const marked = page.locator("pre.program .line.error");
    expect(await marked.count()).toBe(1);
    expect(await marked.textContent()).toContain('"unclosed)');
    expect(PROGRAMS.parseError.split("\n")[1]).toContain('"unclosed)');
    expect(await criticalViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows the aggregator call's two upstream calls as waterfall rows", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const link = page
      .locator("#calls tbody tr", { hasText: "fs" })
      .or(page.locator("#calls tbody tr"))
      .filter({
        has: page.locator("td:nth-child(8)", { hasText: "2" }),
      });
    await Promise.all([page.waitForURL(/\/calls\//), link.locator("a").first().click()]);
    const rows = page.locator("#waterfall .waterfall-row");
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain("fs/read_text_file");
    expect(await page.locator("#waterfall .fill").count()).toBe(2);
    await shot(page, "call");
    expect(await criticalViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("draws the summary charts and has no critical accessibility violation", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/summary`);
    await page.waitForSelector(".uplot canvas");
    expect(await page.locator(".uplot").count()).toBe(4);
    expect(await page.locator("#totals dd").first().textContent()).toBe("4");
    await shot(page, "summary");
    expect(await criticalViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("adds a new call to the open list without a reload", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.waitForFunction("document.getElementById('live-status').textContent === 'live'");
    const server = await startTracingServer(fixture.traceDir, fixture.filesDir, fixture.root);
    try {
      const sent = Date.now();
      await server.call("(str :live-call)");
      await page.waitForSelector("#calls tbody tr.fresh", { timeout: 30_000 });
      console.log(`viewer live row after ${Date.now() - sent} ms`);
      expect(await page.locator("#calls tbody tr").count()).toBe(5);
    } finally {
      await server.close();
    }
    await page.close();
  }, 60_000);
});
