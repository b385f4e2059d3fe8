// parse.mjs PARSER FILE...: parse iCalendar files with one of the npm
// parsers and print their VEVENTs as one JSON object on stdout,
// {"FILE": [event, ...] or {"error": "..."}}, for
// tests/integration/feeds.sh to compare with the other parsers.
//
//   PARSER  icaljs    ical.js (the parser inside Thunderbird)
//           nodeical  node-ical
//
// Each event: {uid, summary, dtstart, dtend, date, sequence, description}
// with dtstart/dtend as YYYYMMDD and date true when both are DATE values.
// A file the parser rejects gets {"error": message}; the exit status is 0
// unless the parser cannot be loaded at all (1) or on a usage error (2).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [parser, ...files] = process.argv.slice(2);

function ymd(y, m, d) {
	return String(y).padStart(4, '0') + String(m).padStart(2, '0') +
	    String(d).padStart(2, '0');
}

async function icaljs(text) {
	const ICAL = (await import('ical.js')).default;
	const cal = new ICAL.Component(ICAL.parse(text));
	if (cal.name !== 'vcalendar')
		throw new Error(`top component is ${cal.name}, not vcalendar`);
	return cal.getAllSubcomponents('vevent').map((v) => {
		const e = new ICAL.Event(v);
		const s = e.startDate, t = e.endDate;
		return {
			uid: e.uid,
			summary: e.summary,
			dtstart: ymd(s.year, s.month, s.day),
			dtend: ymd(t.year, t.month, t.day),
			date: s.isDate && t.isDate,
			sequence: e.sequence,
			description: e.description,
		};
	});
}

function nodeical(text) {
	const ical = require('node-ical');
	const data = ical.sync.parseICS(text);
	const str = (v) => (v !== null && typeof v === 'object' && 'val' in v ?
	    v.val : v);
	// A DATE is a Date at midnight of the process's zone (run with TZ=UTC).
	const day = (d) => ymd(d.getFullYear(), d.getMonth() + 1, d.getDate());
	const out = [];
	for (const k of Object.keys(data)) {
		const e = data[k];
		if (e.type !== 'VEVENT')
			continue;
		out.push({
			uid: e.uid,
			summary: str(e.summary),
			dtstart: day(e.start),
			dtend: day(e.end),
			date: e.datetype === 'date',
			sequence: e.sequence === undefined ? null : Number(e.sequence),
			description: str(e.description),
		});
	}
	return out;
}

if (!parser || files.length === 0 || !['icaljs', 'nodeical'].includes(parser)) {
	process.stderr.write('usage: node parse.mjs icaljs|nodeical FILE...\n');
	process.exit(2);
}
try {
	// Fail early and clearly when the package is not installed.
	if (parser === 'icaljs')
		await import('ical.js');
	else
		require('node-ical');
} catch (err) {
	process.stderr.write(`${parser}: cannot load the parser: ${err}\n`);
	process.exit(1);
}
const result = {};
for (const file of files) {
	try {
		const text = readFileSync(file, 'utf8');
		result[file] = parser === 'icaljs' ? await icaljs(text) :
		    nodeical(text);
	} catch (err) {
		result[file] = { error: String(err && err.message || err) };
	}
}
process.stdout.write(JSON.stringify(result) + '\n');
