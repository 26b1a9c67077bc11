import { chromium, type Browser } from 'playwright-core';

/** The Chromium `npm test` made sure of (scripts/ensure-chromium.mjs): CHROMIUM_PATH or Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Headless Chromium as the tests run it. The network flags matter here: without them Chromium
 * keeps calling Google's hosts, which this closed network refuses many times a second.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
