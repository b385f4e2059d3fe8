// What the browser checks share: a counter of checks that prints
// "FAIL: ..." per failed one (and "checks N" at the end, see add_results in
// tests/integration/lib.sh), axe-core against WCAG 2.1 A and AA, and
// Debian's chromium launched as the tests need it.
import puppeteer from 'puppeteer-core';
import { AxePuppeteer } from '@axe-core/puppeteer';

let checks = 0;

export function check(what, ok, detail) {
	checks++;
	if (!ok) {
		console.log(`FAIL: ${what}`);
		if (detail)
			console.log(`      ${String(detail).replace(/\n/g, '\n      ')}`);
	}
	return ok;
}

export function done() {
	console.log(`checks ${checks}`);
}

// The page fits its window's width: "WHAT: no sideways scrolling".
export async function fitsWidth(page, what) {
	const wide = await page.evaluate(() =>
	    document.documentElement.scrollWidth > window.innerWidth + 1);
	check(`${what}: no sideways scrolling`, !wide);
}

export async function axe(page, what) {
	const r = await new AxePuppeteer(page)
	    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	check(`${what}: WCAG 2.1 AA (axe-core)`, r.violations.length === 0,
	    r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ` +
	    `${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`)
	    .join('\n'));
}

export function launch() {
	return puppeteer.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
}

// Script errors and CSP breaches of a page into problems; a 400 or 404
// answer ("Failed to load resource") is a test's own business.
export function watch(page, problems) {
	page.on('console', (m) => {
		if (m.type() === 'error' &&
		    !m.text().startsWith('Failed to load resource'))
			problems.push(m.text());
	});
	page.on('pageerror', (e) => problems.push(String(e)));
}
