// Scripted SMTP failure peer for tests/test_smtp.c (node smtp-server).
//
//   PORT=N KEY=key.pem CERT=cert.pem node peer.cjs     STARTTLS offered
//   PORT=N NO_TLS=1 node peer.cjs                      no STARTTLS
//
// Listens on 127.0.0.1 only. Answers by the recipient's local part:
// temp@ -> 450, perm@ -> 550, anything else -> 250. A Subject containing
// FAILDATA -> 451 after DATA. Every AUTH -> 535. Prints one JSON line per
// event on stdout: {"event":"listening","port":N} once, {"event":"connect"}
// per connection, {"event":"secure"} per STARTTLS, and
// {"event":"message","from":..,"to":[..],"subject":..,"secure":bool} per
// accepted message, so the test can count deliveries and connections.
'use strict';

const fs = require('fs');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

function emit(obj) {
	// Synchronous: the test reads the file while this process runs.
	fs.writeSync(1, JSON.stringify(obj) + '\n');
}

function fail(code, text) {
	const err = new Error(text);
	err.responseCode = code;
	return err;
}

const noTLS = process.env.NO_TLS === '1';
const options = {
	logger: false,
	banner: 'treatyd test peer',
	authOptional: true,
	authMethods: ['PLAIN', 'LOGIN'],
	size: 10 * 1024 * 1024,
	hideSTARTTLS: noTLS,
	onConnect(session, cb) {
		emit({ event: 'connect' });
		cb();
	},
	onSecure(socket, session, cb) {
		emit({ event: 'secure' });
		cb();
	},
	onAuth(auth, session, cb) {
		emit({ event: 'auth', user: auth.username });
		cb(fail(535, '5.7.8 Authentication credentials invalid'));
	},
	onRcptTo(address, session, cb) {
		const local = address.address.split('@')[0].toLowerCase();
		if (local === 'temp')
			return cb(fail(450, '4.2.1 Mailbox temporarily unavailable'));
		if (local === 'perm')
			return cb(fail(550, '5.1.1 No such user'));
		cb();
	},
	onData(stream, session, cb) {
		simpleParser(stream).then(mail => {
			const subject = mail.subject || '';
			if (subject.includes('FAILDATA'))
				return cb(fail(451, '4.3.0 Temporary failure after DATA'));
			emit({
				event: 'message',
				from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
				to: session.envelope.rcptTo.map(r => r.address),
				subject: subject,
				secure: session.secure === true
			});
			cb(null, 'OK queued');
		}, err => cb(fail(451, '4.3.0 Parse error: ' + err.message)));
	}
};
if (!noTLS) {
	options.key = fs.readFileSync(process.env.KEY);
	options.cert = fs.readFileSync(process.env.CERT);
}

const server = new SMTPServer(options);
server.on('error', err => {
	process.stderr.write('peer: ' + err.message + '\n');
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
	emit({ event: 'listening', port: server.server.address().port });
});
process.on('SIGTERM', () => process.exit(0));
