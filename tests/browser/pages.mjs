// Pages of the workspace in a real browser: Debian's chromium driven by
// puppeteer-core, signed in with the session given, opens each path on a
// phone-sized window and checks it answers 200, passes axe-core's WCAG
// 2.1 A and AA rules, needs no sideways scrolling and causes no script
// error or CSP breach. With SHOTS set to a directory, a screenshot of
// each page at phone and at desktop width is written there.
//
//   [SHOTS=DIR] node pages.mjs BASE SESSION PATH...
//
// Prints "FAIL: ..." per failed check and ends with "checks N"
// (add_results in tests/integration/lib.sh).
import { mkdirSync } from 'node:fs';
import { axe, check, done, fitsWidth, launch, watch } from './lib.mjs';

const shots = process.env.SHOTS;
if (shots)
	mkdirSync(shots, { recursive: true });
// "/recommendations/12" -> "recommendations-12"
const name = (path) => path.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-') ||
    'index';

const [base, session, ...paths] = process.argv.slice(2);
const browser = await launch();
try {
	const page = await browser.newPage();
	const problems = [];
	watch(page, problems);
	await page.setViewport({ width: 375, height: 740 });
	await page.setCookie({ name: 'treatyd_session', value: session,
	    url: base });
	for (const path of paths) {
		const r = await page.goto(`${base}${path}`);
		check(`${path}: 200`, r.status() === 200, r.status());
		await axe(page, path);
		await fitsWidth(page, `${path} on a phone`);
		if (shots) {
			await page.screenshot({ path: `${shots}/${name(path)}` +
			    '-phone.png', fullPage: true });
			await page.setViewport({ width: 1280, height: 900 });
			await page.screenshot({ path: `${shots}/${name(path)}` +
			    '-desktop.png', fullPage: true });
			await page.setViewport({ width: 375, height: 740 });
		}
	}
	check('no script errors or CSP violations', problems.length === 0,
	    problems.join('\n'));
} catch (e) {
	check('the browser run finished', false, e.stack);
} finally {
	await browser.close();
}
done();
