/*
 * Tests of src/smtp.c against real SMTP peers on 127.0.0.1 ephemeral
 * ports, started by each test and stopped by their saved PID in fini:
 *
 *   aiosmtpd (python3-aiosmtpd)    plain delivery into a Maildir, read
 *                                  back with Python's mailbox module
 *   tests/peers/peer.cjs           node smtp-server with STARTTLS and a
 *                                  self-signed certificate, scripted
 *                                  failures (450, 550, 451, 535), one
 *                                  JSON line per event on stdout
 *   smtp-sink (postfix)            a batch on one handle, counting sessions
 *
 * plus a port where nothing listens and one that never greets. The peers
 * are found under $top_srcdir (default ".."); tests/peers needs "npm ci".
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "smtp.h"
#include "xmalloc.h"

#define PYTHON		"/usr/bin/python3"
#define AIOSMTPD	"/usr/lib/python3/dist-packages/aiosmtpd"
#define NODE		"/usr/bin/node"
#define OPENSSL		"/usr/bin/openssl"
#define SMTP_SINK	"/usr/sbin/smtp-sink"
#define START_WAIT_MS	10000
#define MAX_PEERS	4
#define REPLY_LEN	512
#define SECRET		"s3cret-Pa55word"

extern char	**environ;

struct peer {
	pid_t	 pid;
	char	*name;
};

static char		 tmpl[] = "/tmp/test_smtp.XXXXXX";
static char		*dir;
static struct peer	 peers[MAX_PEERS];
static int		 npeers;

/* ------------------------------------------------------------ helpers */

static void
sleep_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static const char *
top_srcdir(void)
{
	const char	*s = getenv("top_srcdir");

	return s != NULL && *s != '\0' ? s : "..";
}

/*
 * A peer tool is not installed: skip the test, or fail it when
 * TREATYD_REQUIRE_PEERS is set (not 0), so that CI never skips silently.
 */
static void
require_peer(const char *path, const char *how)
{
	const char	*req = getenv("TREATYD_REQUIRE_PEERS");

	if (access(path, F_OK) == 0)
		return;
	if (req != NULL && *req != '\0' && strcmp(req, "0") != 0)
		cr_assert_fail("required peer missing: %s (%s); "
		    "TREATYD_REQUIRE_PEERS is set", path, how);
	cr_skip_test("%s is missing (%s); set TREATYD_REQUIRE_PEERS=1 to "
	    "make this a failure", path, how);
}

static char *
path_in(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	size_t	 n, cap = 1 << 20;

	if ((f = fopen(path, "rb")) == NULL)
		return xstrdup("");
	buf = xmalloc(cap);
	n = fread(buf, 1, cap - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static int
count_str(const char *hay, const char *needle)
{
	int	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
rm_rf(const char *path)
{
	struct stat	 sb;
	DIR		*d;
	struct dirent	*de;
	char		*sub;

	if (lstat(path, &sb) == -1)
		return;
	if (S_ISDIR(sb.st_mode) && (d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			sub = xasprintf("%s/%s", path, de->d_name);
			rm_rf(sub);
			free(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

/* A port nothing listens on right now (the kernel's pick for port 0). */
static int
free_port(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof sin;
	int			 fd, port;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert_neq(fd, -1, "socket: %s", strerror(errno));
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/*
 * fork/exec argv with stdout and stderr in DIR/NAME.out and DIR/NAME.err
 * and extra "K=V" strings added to the environment. The child dies with
 * the test process even when fini cannot run (a crash).
 */
static pid_t
spawn(const char *name, char *const argv[], const char *const extra[])
{
	char	**envp, *out, *err;
	size_t	 n = 0, m = 0, i;
	pid_t	 pid, parent = getpid();
	int	 ofd, efd, nfd;

	while (environ[n] != NULL)
		n++;
	while (extra != NULL && extra[m] != NULL)
		m++;
	envp = xcalloc(n + m + 1, sizeof *envp);
	for (i = 0; i < n; i++)
		envp[i] = environ[i];
	for (i = 0; i < m; i++)
		envp[n + i] = (char *)extra[i];

	out = xasprintf("%s/%s.out", dir, name);
	err = xasprintf("%s/%s.err", dir, name);
	ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	efd = open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	nfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	cr_assert(ofd != -1 && efd != -1 && nfd != -1, "open: %s",
	    strerror(errno));

	fflush(NULL);
	pid = fork();
	cr_assert_neq(pid, -1, "fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		dup2(nfd, 0);
		dup2(ofd, 1);
		dup2(efd, 2);
		execve(argv[0], argv, envp);
		dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(ofd);
	close(efd);
	close(nfd);
	free(out);
	free(err);
	free(envp);
	return pid;
}

/* Run argv to completion; its exit status, output in DIR/NAME.out. */
static int
run(const char *name, char *const argv[])
{
	pid_t	 pid;
	int	 status;

	pid = spawn(name, argv, NULL);
	while (waitpid(pid, &status, 0) == -1)
		cr_assert_eq(errno, EINTR);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Connections made by probe(), which smtp-sink counts as sessions. */
static int		 probes;

/* Does 127.0.0.1:port accept a connection? */
static int
probe(int port)
{
	struct sockaddr_in	 sin;
	int			 fd, ok;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert_neq(fd, -1, "socket: %s", strerror(errno));
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = connect(fd, (struct sockaddr *)&sin, sizeof sin) == 0;
	close(fd);
	if (ok)
		probes++;
	return ok;
}

/*
 * Is something in LISTEN state on 127.0.0.1:port? Read from
 * /proc/net/tcp, so no probe connection spoils the peers' connection
 * counts; without /proc, connect.
 */
static int
listening(int port)
{
	FILE		*f;
	char		 line[512];
	unsigned	 addr, lport, state;
	int		 found = 0;

	if ((f = fopen("/proc/net/tcp", "r")) == NULL)
		return probe(port);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, " %*u: %8X:%4X %*8X:%*4X %2X", &addr, &lport,
		    &state) != 3)
			continue;
		if (state == 0x0A && (int)lport == port &&
		    (addr == htonl(INADDR_LOOPBACK) || addr == 0)) {
			found = 1;
			break;
		}
	}
	fclose(f);
	return found;
}

/* Start a peer and wait, bounded, until its port listens. */
static void
start_peer(const char *name, char *const argv[], const char *const extra[],
    int port)
{
	struct peer	*p;
	char		*errpath, *errtext;
	int		 waited, status;

	cr_assert_lt(npeers, MAX_PEERS);
	p = &peers[npeers++];
	p->name = xstrdup(name);
	p->pid = spawn(name, argv, extra);
	for (waited = 0; waited < START_WAIT_MS; waited += 20) {
		if (listening(port))
			return;
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			p->pid = -1;
			errpath = xasprintf("%s/%s.err", dir, name);
			errtext = slurp(errpath);
			cr_assert_fail("peer %s exited early: %s", name, errtext);
		}
		sleep_ms(20);
	}
	cr_assert_fail("peer %s does not listen on port %d after %d ms", name, port,
	    START_WAIT_MS);
}

static void
stop_peer(struct peer *p)
{
	int	 status, i;

	if (p->pid <= 0)
		return;
	kill(p->pid, SIGTERM);
	for (i = 0; i < 100; i++) {
		if (waitpid(p->pid, &status, WNOHANG) == p->pid)
			goto done;
		sleep_ms(20);
	}
	kill(p->pid, SIGKILL);
	waitpid(p->pid, &status, 0);
done:
	p->pid = -1;
}

static void
setup(void)
{
	cr_assert_not_null(mkdtemp(tmpl), "mkdtemp: %s", strerror(errno));
	dir = tmpl;
	npeers = 0;
	probes = 0;
}

static void
teardown(void)
{
	int	 i;

	for (i = 0; i < npeers; i++) {
		stop_peer(&peers[i]);
		free(peers[i].name);
	}
	npeers = 0;
	if (dir != NULL)
		rm_rf(dir);
	dir = NULL;
}

TestSuite(smtp, .init = setup, .fini = teardown, .timeout = 20);

static char *
message(const char *to, const char *subject)
{
	return xasprintf(
	    "Date: Fri, 14 Mar 2025 09:00:00 +0100\r\n"
	    "From: treatyd <treatyd@example.org>\r\n"
	    "To: <%s>\r\n"
	    "Subject: %s\r\n"
	    "Message-ID: <%s.%ld@example.org>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "\r\n"
	    "Reminder body.\r\n"
	    ".leading dot, stuffed by libcurl\r\n", to, subject, subject,
	    (long)getpid());
}

static enum smtp_result
send_one(struct smtp *s, const char *to, const char *subject, char *reply)
{
	char			*msg = message(to, subject);
	enum smtp_result	 r;

	r = smtp_send(s, "treatyd@example.org", to, msg, strlen(msg), reply,
	    REPLY_LEN);
	free(msg);
	return r;
}

static const char *
result_name(enum smtp_result r)
{
	switch (r) {
	case SMTP_SENT:		return "SENT";
	case SMTP_TEMPORARY:	return "TEMPORARY";
	case SMTP_PERMANENT:	return "PERMANENT";
	case SMTP_CONFIG:	return "CONFIG";
	case SMTP_UNREACHABLE:	return "UNREACHABLE";
	}
	return "?";
}

#define assert_result(got, want, reply)					\
	cr_assert_eq((got), (want), "got %s, want %s (reply \"%s\")",	\
	    result_name(got), result_name(want), (reply))

static struct smtp *
new_ok(const struct smtp_conf *conf)
{
	struct smtp	*s;
	char		*cause = NULL;

	s = smtp_new(conf, &cause);
	cr_assert_not_null(s, "smtp_new(%s): %s", conf->url,
	    cause != NULL ? cause : "?");
	return s;
}

/* ------------------------------------------------------------ peers */

static int
start_aiosmtpd(char **mbox)
{
	char	 addr[64];
	int	 port = free_port();

	require_peer(PYTHON, "apt-get install python3");
	require_peer(AIOSMTPD, "apt-get install python3-aiosmtpd");
	*mbox = path_in("mbox");
	snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
	{
		char *const argv[] = { PYTHON, "-m", "aiosmtpd", "-n", "-l",
		    addr, "-c", "aiosmtpd.handlers.Mailbox", *mbox, NULL };
		start_peer("aiosmtpd", argv, NULL, port);
	}
	return port;
}

/*
 * The messages aiosmtpd stored, one "RCPT|SUBJECT" line each, read with
 * Python's mailbox module (the handler writes a Maildir and records the
 * envelope recipients in X-RcptTo).
 */
static char *
read_mbox(const char *mbox)
{
	char	*out, *text;
	char *const argv[] = { PYTHON, "-c",
	    "import mailbox, sys\n"
	    "for m in mailbox.Maildir(sys.argv[1], create=False):\n"
	    "    print('%s|%s' % (m['X-RcptTo'], m['Subject']))\n",
	    (char *)mbox, NULL };

	cr_assert_eq(run("mbox", argv), 0, "reading the mailbox failed: %s",
	    (text = path_in("mbox.err"), slurp(text)));
	out = path_in("mbox.out");
	text = slurp(out);
	free(out);
	return text;
}

static void
make_cert(char **cert, char **key)
{
	require_peer(OPENSSL, "apt-get install openssl");
	*cert = path_in("cert.pem");
	*key = path_in("key.pem");
	{
		char *const argv[] = { OPENSSL, "req", "-x509", "-newkey",
		    "rsa:2048", "-nodes", "-keyout", *key, "-out", *cert,
		    "-days", "2", "-subj", "/CN=localhost", "-addext",
		    "subjectAltName=IP:127.0.0.1", NULL };
		cr_assert_eq(run("openssl", argv), 0, "openssl req failed");
	}
}

/* peer.cjs on a fresh port, with STARTTLS (cert, key) or without. */
static int
start_node_peer(const char *name, const char *cert, const char *key)
{
	char	*script, *mods, port_env[32], *key_env, *cert_env;
	int	 port = free_port();

	script = xasprintf("%s/tests/peers/peer.cjs", top_srcdir());
	mods = xasprintf("%s/tests/peers/node_modules/smtp-server", top_srcdir());
	require_peer(NODE, "install Node.js");
	require_peer(mods, "run \"npm ci\" in tests/peers");
	snprintf(port_env, sizeof port_env, "PORT=%d", port);
	key_env = xasprintf("KEY=%s", key != NULL ? key : "");
	cert_env = xasprintf("CERT=%s", cert != NULL ? cert : "");
	{
		char *const argv[] = { NODE, script, NULL };
		const char *const tls[] = { port_env, key_env, cert_env, NULL };
		const char *const notls[] = { port_env, "NO_TLS=1", NULL };

		start_peer(name, argv, cert != NULL ? tls : notls, port);
	}
	free(script);
	free(mods);
	free(key_env);
	free(cert_env);
	return port;
}

static char *
peer_output(const char *name)
{
	char	*path, *text;

	path = xasprintf("%s/%s.out", dir, name);
	text = slurp(path);
	free(path);
	return text;
}

/* ------------------------------------------------------------ smtp_new */

Test(smtp, new_checks_scheme_and_plaintext_hosts)
{
	const char	*loopback[] = { "smtp://127.0.0.1:25/ehlo.example",
			    "smtp://127.1.2.3", "smtp://[::1]:2525/x",
			    "smtp://localhost:25", "SMTP://LOCALHOST/" };
	const char	*remote[] = { "smtp://192.0.2.1:25/x",
			    "smtp://mail.example.org", "smtp://[2001:db8::1]/",
			    "smtp://localhost.example.org/",
			    "smtp://128.0.0.1/" };
	struct smtp_conf conf = { .tls = SMTP_TLS_OFF, .timeout = 5 };
	struct smtp	*s;
	char		*cause;
	size_t		 i;

	for (i = 0; i < sizeof loopback / sizeof loopback[0]; i++) {
		conf.url = loopback[i];
		smtp_free(new_ok(&conf));
	}
	for (i = 0; i < sizeof remote / sizeof remote[0]; i++) {
		conf.url = remote[i];
		cause = NULL;
		s = smtp_new(&conf, &cause);
		cr_assert_null(s, "%s accepted with tls = off", remote[i]);
		cr_assert_not_null(strstr(cause, "loopback"), "cause: %s",
		    cause);
		free(cause);
		/* The same hosts are fine with TLS. */
		conf.tls = SMTP_TLS_REQUIRED;
		smtp_free(new_ok(&conf));
		conf.tls = SMTP_TLS_OPPORTUNISTIC;
		smtp_free(new_ok(&conf));
		conf.tls = SMTP_TLS_OFF;
	}

	conf.url = "smtps://127.0.0.1:465/";
	cause = NULL;
	cr_assert_null(smtp_new(&conf, &cause));
	cr_assert_not_null(strstr(cause, "smtps"), "cause: %s", cause);
	free(cause);
	conf.tls = SMTP_TLS_REQUIRED;
	smtp_free(new_ok(&conf));

	conf.url = "http://127.0.0.1/";
	cause = NULL;
	cr_assert_null(smtp_new(&conf, &cause));
	cr_assert_not_null(strstr(cause, "smtp://"), "cause: %s", cause);
	free(cause);

	conf.url = "smtp://";
	cause = NULL;
	cr_assert_null(smtp_new(&conf, &cause));
	cr_assert_not_null(cause);
	free(cause);
}

/* ------------------------------------------------------------ aiosmtpd */

Test(smtp, aiosmtpd_plain_loopback_three_messages)
{
	struct smtp_conf conf = { .tls = SMTP_TLS_OFF, .timeout = 10 };
	struct smtp	*s;
	char		 url[64], reply[REPLY_LEN], *mbox, *got;
	const char	*rcpt[] = { "r1@example.org", "r2@example.net",
			    "r3@example.com" };
	char		 line[128];
	size_t		 i;
	int		 port;

	port = start_aiosmtpd(&mbox);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test", port);
	conf.url = url;
	s = new_ok(&conf);
	for (i = 0; i < 3; i++) {
		snprintf(line, sizeof line, "Reminder %zu", i + 1);
		assert_result(send_one(s, rcpt[i], line, reply), SMTP_SENT,
		    reply);
		cr_assert_eq(strncmp(reply, "250", 3), 0, "reply: %s", reply);
	}
	smtp_free(s);

	got = read_mbox(mbox);
	cr_assert_eq(count_str(got, "\n"), 3, "mailbox: %s", got);
	for (i = 0; i < 3; i++) {
		snprintf(line, sizeof line, "%s|Reminder %zu\n", rcpt[i],
		    i + 1);
		cr_assert_eq(count_str(got, line), 1, "want once \"%s\" in:\n%s",
		    line, got);
	}
	free(got);
	free(mbox);
}

Test(smtp, injection_in_envelope_is_refused)
{
	struct smtp_conf conf = { .tls = SMTP_TLS_OFF, .timeout = 10 };
	struct smtp	*s;
	char		 url[64], reply[REPLY_LEN], *mbox, *got, *msg;
	const char	*bad[] = { "a@b\r\nRCPT TO:<x@y>", "a@b\nRCPT TO:x@y",
			    "a@b\rx", "a@b>, <x@y", "<a@b>", "", "a@b\x7f" };
	size_t		 i;
	int		 port;

	port = start_aiosmtpd(&mbox);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test", port);
	conf.url = url;
	s = new_ok(&conf);
	msg = message("ok@example.org", "Injected");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		reply[0] = '\0';
		assert_result(smtp_send(s, "treatyd@example.org", bad[i], msg,
		    strlen(msg), reply, sizeof reply), SMTP_PERMANENT, reply);
		cr_assert_not_null(strstr(reply, "recipient"), "reply: %s",
		    reply);
		assert_result(smtp_send(s, bad[i], "ok@example.org", msg,
		    strlen(msg), reply, sizeof reply), SMTP_PERMANENT, reply);
		cr_assert_not_null(strstr(reply, "sender"), "reply: %s",
		    reply);
	}
	/* The handle is untouched and still sends. */
	assert_result(smtp_send(s, "treatyd@example.org", "ok@example.org",
	    msg, strlen(msg), reply, sizeof reply), SMTP_SENT, reply);
	free(msg);
	smtp_free(s);

	got = read_mbox(mbox);
	cr_assert_str_eq(got, "ok@example.org|Injected\n");
	free(got);
	free(mbox);
}

/* ------------------------------------------------------------ peer.cjs */

Test(smtp, starttls_peer_failures_and_reconnects)
{
	struct smtp_conf conf = { .tls = SMTP_TLS_REQUIRED, .timeout = 10 };
	struct smtp	*s;
	char		 url[64], reply[REPLY_LEN], *cert, *key, *out;
	int		 port;

	make_cert(&cert, &key);
	port = start_node_peer("peer", cert, key);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test", port);
	conf.url = url;
	conf.cainfo = cert;
	s = new_ok(&conf);

	assert_result(send_one(s, "ok1@example.org", "First", reply),
	    SMTP_SENT, reply);
	cr_assert_eq(strncmp(reply, "250", 3), 0, "reply: %s", reply);

	assert_result(send_one(s, "temp@example.org", "Temp", reply),
	    SMTP_TEMPORARY, reply);
	cr_assert_eq(strncmp(reply, "450 ", 4), 0, "reply: %s", reply);
	cr_assert_not_null(strstr(reply, "temporarily"), "reply: %s", reply);

	assert_result(send_one(s, "ok2@example.org", "Second", reply),
	    SMTP_SENT, reply);

	assert_result(send_one(s, "perm@example.org", "Perm", reply),
	    SMTP_PERMANENT, reply);
	cr_assert_eq(strncmp(reply, "550 ", 4), 0, "reply: %s", reply);

	assert_result(send_one(s, "ok3@example.org", "Third", reply),
	    SMTP_SENT, reply);

	assert_result(send_one(s, "ok4@example.org", "Has FAILDATA in it",
	    reply), SMTP_TEMPORARY, reply);
	cr_assert_eq(strncmp(reply, "451 ", 4), 0, "reply: %s", reply);

	assert_result(send_one(s, "ok5@example.org", "Fifth", reply),
	    SMTP_SENT, reply);
	assert_result(send_one(s, "ok6@example.org", "Sixth", reply),
	    SMTP_SENT, reply);
	smtp_free(s);

	out = peer_output("peer");
	cr_assert_eq(count_str(out, "\"event\":\"message\""), 5, "%s", out);
	cr_assert_eq(count_str(out, "\"secure\":true"), 5, "%s", out);
	cr_assert_eq(count_str(out, "\"to\":[\"ok1@example.org\"]"), 1);
	cr_assert_eq(count_str(out, "\"to\":[\"ok2@example.org\"]"), 1);
	cr_assert_eq(count_str(out, "\"to\":[\"ok3@example.org\"]"), 1);
	cr_assert_eq(count_str(out, "\"to\":[\"ok4@example.org\"]"), 0);
	cr_assert_eq(count_str(out, "\"to\":[\"ok5@example.org\"]"), 1);
	cr_assert_eq(count_str(out, "\"to\":[\"ok6@example.org\"]"), 1);
	cr_assert_eq(count_str(out, "FAILDATA"), 0);
	/*
	 * Observed with libcurl 7.88.1: a refused RCPT (curl error 55)
	 * makes libcurl QUIT and reconnect for the next message, a 451
	 * after DATA (error 8) does not, and successes share the
	 * connection. So three: ok1+temp, ok2+perm, ok3+faildata+ok5+ok6.
	 */
	cr_assert_eq(count_str(out, "\"event\":\"connect\""), 3, "%s", out);
	cr_assert_eq(count_str(out, "\"event\":\"secure\""), 3, "%s", out);
	free(out);
	free(cert);
	free(key);
}

Test(smtp, starttls_peer_auth_refused_is_config)
{
	struct smtp_conf conf = { .tls = SMTP_TLS_REQUIRED, .timeout = 10,
			    .username = "treatyd", .password = SECRET };
	struct smtp	*s;
	char		 url[64], reply[REPLY_LEN], *cert, *key, *out;
	int		 port;

	make_cert(&cert, &key);
	port = start_node_peer("peer", cert, key);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test", port);
	conf.url = url;
	conf.cainfo = cert;
	s = new_ok(&conf);
	assert_result(send_one(s, "ok@example.org", "Auth", reply),
	    SMTP_CONFIG, reply);
	cr_assert_eq(strncmp(reply, "535 ", 4), 0, "reply: %s", reply);
	cr_assert_null(strstr(reply, SECRET), "password in reply: %s", reply);
	/* Stays refused on the next try: the handle is still usable. */
	assert_result(send_one(s, "ok@example.org", "Auth", reply),
	    SMTP_CONFIG, reply);
	smtp_free(s);

	out = peer_output("peer");
	cr_assert_eq(count_str(out, "\"event\":\"auth\",\"user\":\"treatyd\""),
	    2, "%s", out);
	cr_assert_eq(count_str(out, "\"event\":\"message\""), 0, "%s", out);
	free(out);
	free(cert);
	free(key);
}

Test(smtp, starttls_peer_unverified_certificate_is_config)
{
	struct smtp_conf conf = { .tls = SMTP_TLS_REQUIRED, .timeout = 10 };
	struct smtp	*s;
	char		 url[64], reply[REPLY_LEN], *cert, *key, *out;
	int		 port;

	make_cert(&cert, &key);
	port = start_node_peer("peer", cert, key);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test", port);
	conf.url = url;

	/* The system's CAs do not know the self-signed certificate. */
	s = new_ok(&conf);
	assert_result(send_one(s, "ok@example.org", "Unknown CA", reply),
	    SMTP_CONFIG, reply);
	cr_assert_not_null(strstr(reply, "certificate"), "reply: %s", reply);
	smtp_free(s);

	/* Trusted, but issued for IP:127.0.0.1, not for "localhost". */
	snprintf(url, sizeof url, "smtp://localhost:%d/treatyd.test", port);
	conf.cainfo = cert;
	s = new_ok(&conf);
	assert_result(send_one(s, "ok@example.org", "Wrong name", reply),
	    SMTP_CONFIG, reply);
	smtp_free(s);

	/* Opportunistic TLS verifies too: no silent fallback. */
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test", port);
	conf.cainfo = NULL;
	conf.tls = SMTP_TLS_OPPORTUNISTIC;
	s = new_ok(&conf);
	assert_result(send_one(s, "ok@example.org", "Unknown CA", reply),
	    SMTP_CONFIG, reply);
	smtp_free(s);

	out = peer_output("peer");
	cr_assert_eq(count_str(out, "\"event\":\"message\""), 0, "%s", out);
	free(out);
	free(cert);
	free(key);
}

Test(smtp, peer_without_starttls)
{
	struct smtp_conf conf = { .tls = SMTP_TLS_REQUIRED, .timeout = 10 };
	struct smtp	*s;
	char		 url[64], reply[REPLY_LEN], *out;
	int		 port;

	port = start_node_peer("plain", NULL, NULL);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test", port);
	conf.url = url;

	s = new_ok(&conf);
	assert_result(send_one(s, "req@example.org", "Required", reply),
	    SMTP_CONFIG, reply);
	/* libcurl's words (64), not the EHLO reply that came last. */
	cr_assert_neq(strncmp(reply, "250", 3), 0, "reply: %s", reply);
	cr_assert_not_null(strstr(reply, "SSL"), "reply: %s", reply);
	smtp_free(s);

	conf.tls = SMTP_TLS_OPPORTUNISTIC;
	s = new_ok(&conf);
	assert_result(send_one(s, "opp@example.org", "Opportunistic", reply),
	    SMTP_SENT, reply);
	smtp_free(s);

	out = peer_output("plain");
	cr_assert_eq(count_str(out, "\"event\":\"message\""), 1, "%s", out);
	cr_assert_eq(count_str(out, "\"to\":[\"opp@example.org\"]"), 1, "%s",
	    out);
	cr_assert_eq(count_str(out, "\"secure\":false"), 1, "%s", out);
	free(out);
}

/* ------------------------------------------------------------ no peer */

Test(smtp, nothing_listening_is_temporary)
{
	struct smtp_conf conf = { .tls = SMTP_TLS_OFF, .timeout = 5 };
	struct smtp	*s;
	char		 url[64], reply[REPLY_LEN];

	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test",
	    free_port());
	conf.url = url;
	s = new_ok(&conf);
	assert_result(send_one(s, "ok@example.org", "Down", reply),
	    SMTP_UNREACHABLE, reply);
	cr_assert_not_null(strstr(reply, "connect"), "reply: %s", reply);
	/* Required TLS changes nothing when there is no server. */
	smtp_free(s);
	conf.tls = SMTP_TLS_REQUIRED;
	s = new_ok(&conf);
	assert_result(send_one(s, "ok@example.org", "Down", reply),
	    SMTP_UNREACHABLE, reply);
	smtp_free(s);
}

Test(smtp, silent_server_times_out_as_unreachable)
{
	struct smtp_conf conf = { .tls = SMTP_TLS_OFF, .timeout = 1 };
	struct sockaddr_in sin;
	socklen_t	 len = sizeof sin;
	struct smtp	*s;
	char		 url[64], reply[REPLY_LEN];
	struct timespec	 t0, t1;
	int		 fd;

	/* The kernel completes the handshake; nobody ever greets. */
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	cr_assert_eq(listen(fd, 4), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test",
	    ntohs(sin.sin_port));
	conf.url = url;
	s = new_ok(&conf);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_result(send_one(s, "ok@example.org", "Silent", reply),
	    SMTP_UNREACHABLE, reply);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_not_null(strstr(reply, "imeout"), "reply: %s", reply);
	cr_assert_lt(t1.tv_sec - t0.tv_sec, 5);
	smtp_free(s);
	close(fd);
}

/* ------------------------------------------------------------ smtp-sink */

Test(smtp, smtp_sink_batch_of_fifty_on_one_connection)
{
	struct smtp_conf conf = { .tls = SMTP_TLS_OFF, .timeout = 10 };
	struct smtp	*s;
	char		 url[64], addr[64], reply[REPLY_LEN], rcpt[64];
	char		 subject[64], *out, *last, *p;
	int		 port, i, sess = -1, mesg = -1;

	require_peer(SMTP_SINK, "apt-get install postfix");
	port = free_port();
	snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
	{
		/* It refuses to run as root without -u. */
		char *const root_argv[] = { SMTP_SINK, "-u", "nobody", "-c",
		    addr, "100", NULL };
		char *const argv[] = { SMTP_SINK, "-c", addr, "100", NULL };

		start_peer("sink", geteuid() == 0 ? root_argv : argv, NULL,
		    port);
	}
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d/treatyd.test", port);
	conf.url = url;
	s = new_ok(&conf);
	for (i = 0; i < 50; i++) {
		snprintf(rcpt, sizeof rcpt, "r%d@example.org", i);
		snprintf(subject, sizeof subject, "Batch %d", i);
		assert_result(send_one(s, rcpt, subject, reply), SMTP_SENT,
		    reply);
	}
	smtp_free(s);	/* QUIT ends the one session */

	/* "sess=N quit=N mesg=N" records separated by CR, updated when a
	 * session ends. */
	for (i = 0; i < 250; i++) {
		out = peer_output("sink");
		for (last = NULL, p = out; (p = strstr(p, "sess=")) != NULL;
		    p++)
			last = p;
		if (last != NULL && sscanf(last, "sess=%d quit=%*d mesg=%d",
		    &sess, &mesg) == 2 && sess >= 1 + probes && mesg >= 50) {
			free(out);
			break;
		}
		free(out);
		sleep_ms(20);
	}
	cr_assert_eq(mesg, 50, "smtp-sink counted %d messages", mesg);
	cr_assert_eq(sess, 1 + probes, "smtp-sink counted %d sessions (%d "
	    "probes)", sess, probes);
}
