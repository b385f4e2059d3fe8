// The recommendations in a real browser: Debian's chromium driven by
// puppeteer-core, signed in as a lead coordinator, on a phone-sized
// window. It filters the list with its form, opens a recommendation from
// it, records a progress update with the page's form and sees it in the
// history; every page is checked with axe-core against WCAG 2.1 A and AA,
// and no script error or CSP breach may occur.
//
//   node recs.mjs BASE SESSION TEXT
//
// BASE: http://127.0.0.1:PORT; SESSION: the value of the session cookie;
// TEXT: what the update says. Prints "FAIL: ..." per failed check and
// ends with "checks N" (add_results in tests/integration/lib.sh).
import { axe, check, done, fitsWidth, launch, watch } from './lib.mjs';

const [base, session, text] = process.argv.slice(2);
const browser = await launch();
try {
	const page = await browser.newPage();
	const problems = [];
	watch(page, problems);
	await page.setViewport({ width: 375, height: 740 });
	await page.setCookie({ name: 'treatyd_session', value: session,
	    url: base });
	let r = await page.goto(`${base}/recommendations`);
	check('the list opens', r.status() === 200, r.status());
	await axe(page, 'the list of recommendations');
	await fitsWidth(page, 'the list on a phone');

	await page.select('#instrument', 'CEDAW');
	await Promise.all([page.waitForNavigation(),
	    page.click('form.filter button[type=submit]')]);
	check('the filter is in the address', page.url().includes(
	    'instrument=CEDAW'), page.url());
	const rows = await page.$$eval('tbody tr', (t) => t.length);
	check('the filtered list has the two CEDAW rows', rows === 2, rows);

	await Promise.all([page.waitForNavigation(),
	    page.click('tbody tr:nth-child(2) a')]);
	await axe(page, 'a recommendation');
	await page.select('#status', 'partially implemented');
	await page.type('#text', text);
	await Promise.all([page.waitForNavigation(),
	    page.click('main form button[type=submit]')]);
	const after = await page.content();
	check('back on the page, the update in its history',
	    after.includes(text) && after.includes('partially implemented'),
	    after.slice(0, 600));
	await axe(page, 'the recommendation after the update');
	check('no script errors or CSP violations', problems.length === 0,
	    problems.join('\n'));
} catch (e) {
	check('the browser run finished', false, e.stack);
} finally {
	await browser.close();
}
done();
