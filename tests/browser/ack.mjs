// The acknowledgement page of a reminder in a real browser: Debian's
// chromium driven by puppeteer-core opens the link from the mail, checks
// the page and the one after its button with axe-core against WCAG 2.1 A
// and AA on a phone-sized window, and sees no script error or CSP breach.
//
//   node ack.mjs LINK EXPECT
//
// EXPECT: a text the page after the button must contain. Prints
// "FAIL: ..." per failed check and ends with "checks N" (add_results in
// tests/integration/lib.sh).
import { axe, check, done, fitsWidth, launch, watch } from './lib.mjs';

const [link, expect] = process.argv.slice(2);
const browser = await launch();
try {
	const page = await browser.newPage();
	const problems = [];
	watch(page, problems);
	await page.setViewport({ width: 375, height: 740 });
	const r = await page.goto(link);
	check('the link opens a page', r.status() === 200, r.status());
	await axe(page, 'the acknowledgement page');
	await fitsWidth(page, 'the page on a phone');
	await Promise.all([page.waitForNavigation(),
	    page.click('main button[type=submit]')]);
	const after = await page.content();
	check('the button answers as expected', after.includes(expect),
	    after.slice(0, 600));
	await axe(page, 'the page after the button');
	check('no script errors or CSP violations', problems.length === 0,
	    problems.join('\n'));
} catch (e) {
	check('the browser run finished', false, e.stack);
} finally {
	await browser.close();
}
done();
