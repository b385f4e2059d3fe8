// The workspace in a real browser: Debian's chromium driven by
// puppeteer-core. Signs in through the form and the mailed link, records a
// fact through the check and confirm steps, signs out; every page is
// checked with axe-core against WCAG 2.1 A and AA, on a phone-sized and a
// desktop window, and must run no script and break no CSP rule.
//
//   node workspace.mjs BASE_URL MAILDIR ADDRESS INSTRUMENT
//
// Prints "FAIL: ..." per failed check and ends with "checks N" (see
// add_results in tests/integration/lib.sh).
import fs from 'node:fs';
import path from 'node:path';
import { axe, check, done, fitsWidth, launch, watch } from './lib.mjs';

const [base, maildir, address, instrument] = process.argv.slice(2);

// The sign-in link in the newest mail of the Maildir (quoted-printable).
function mailedLink() {
	const dir = path.join(maildir, 'new');
	const files = fs.readdirSync(dir).map((n) => path.join(dir, n))
	    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
	for (const f of files) {
		const text = fs.readFileSync(f, 'latin1').replace(/=\r?\n/g, '');
		if (!text.includes(address))
			continue;
		const m = text.match(/https?:\/\/[^\s"<>]+\/signin\/([0-9a-f]{64})/);
		if (m)
			return `${base}/signin/${m[1]}`;
	}
	return null;
}

const browser = await launch();
try {
	const page = await browser.newPage();
	const problems = [];
	// A 400 answer (the form with an error) and a 404 for /favicon.ico
	// are expected; a refused script or style is not.
	watch(page, problems);

	for (const vp of [{ width: 375, height: 740 }, { width: 1280, height: 900 }]) {
		await page.setViewport(vp);
		await page.goto(`${base}/signin?lang=en`);
		await axe(page, `/signin at ${vp.width}px`);
		await fitsWidth(page, `/signin at ${vp.width}px`);
	}
	await page.setViewport({ width: 375, height: 740 });

	const before = mailedLink();
	await page.type('#address', address);
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	check('the sign-in form answers', (await page.content()).includes('Check your mail'));
	// The daemon's mail thread delivers it a moment after the answer.
	let link = mailedLink();
	for (let i = 0; i < 100 && (link === null || link === before); i++) {
		await new Promise((r) => setTimeout(r, 100));
		link = mailedLink();
	}
	if (!check('a link was mailed', link !== null))
		throw new Error('no link');
	await page.goto(link);
	check('the link shows a button, not a session',
	    (await page.cookies()).length === 0);
	await axe(page, 'the link page');
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	check('signed in: on /my', new URL(page.url()).pathname === '/my', page.url());
	const cookie = (await page.cookies()).find((c) => c.name === 'treatyd_session');
	check('the session cookie is HttpOnly and SameSite=Strict',
	    cookie && cookie.httpOnly && cookie.sameSite === 'Strict',
	    JSON.stringify(cookie));
	check('no script can read the cookie',
	    (await page.evaluate(() => document.cookie)) === '');
	await axe(page, '/my');
	await fitsWidth(page, '/my on a phone');

	await page.goto(`${base}/instrument/${instrument}`);
	await axe(page, `/instrument/${instrument}`);

	await page.goto(`${base}/record`);
	await axe(page, '/record');
	await page.select('#instrument', instrument);
	await page.select('#kind', 'report_submitted');
	await page.$eval('#date', (e) => { e.value = '2024-01-15'; });
	await page.type('#symbol', `${instrument}/C/NLD/1`);
	await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	const preview = await page.content();
	check('the check step says what would change',
	    preview.includes(`${instrument}/report/1`), preview.slice(0, 400));
	await axe(page, 'the check step');
	await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	check('confirmed: recorded', (await page.content()).includes('Recorded as fact'));
	await axe(page, 'the confirm step');

	// A bad date: the error at the field, announced to assistive technology.
	await page.goto(`${base}/record`);
	await page.$eval('#date', (e) => { e.type = 'text'; e.value = 'gisteren'; });
	await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	check('a bad date: the error at the field', await page.$('#date-err') !== null);
	check('a bad date: the field is marked invalid',
	    await page.$eval('#date', (e) => e.getAttribute('aria-invalid')) === 'true');
	await axe(page, 'the form with an error');

	await Promise.all([page.waitForNavigation(),
	    page.click('nav form button[type=submit]')]);
	check('signed out', (await page.content()).includes('You are signed out'));
	await page.goto(`${base}/my`);
	check('after signing out /my sends to /signin',
	    new URL(page.url()).pathname === '/signin', page.url());
	check('no script errors or CSP violations', problems.length === 0,
	    problems.join('\n'));
} catch (e) {
	check('the browser run finished', false, e.stack);
} finally {
	await browser.close();
}
done();
