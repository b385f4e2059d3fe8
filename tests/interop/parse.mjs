// parse.mjs PARSER FILE: parse an iCalendar file with one of the npm
// parsers and print its VEVENTs as a JSON array on stdout, for
// tests/integration/feeds.sh to compare with the other parsers.
//
//   PARSER  icaljs    ical.js (the parser inside Thunderbird)
//           nodeical  node-ical
//
// Each event: {uid, summary, dtstart, dtend, date, sequence, description}
// with dtstart/dtend as YYYYMMDD and date true when both are DATE values.
// Exit status 0 on success, 1 when the parser threw, 2 on a usage error.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [parser, file] = process.argv.slice(2);

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

if (!parser || !file || !['icaljs', 'nodeical'].includes(parser)) {
	process.stderr.write('usage: node parse.mjs icaljs|nodeical FILE\n');
	process.exit(2);
}
try {
	const text = readFileSync(file, 'utf8');
	const events = parser === 'icaljs' ? await icaljs(text) : nodeical(text);
	process.stdout.write(JSON.stringify(events) + '\n');
} catch (err) {
	process.stderr.write(`${parser}: ${file}: ${err && err.stack || err}\n`);
	process.exit(1);
}
