#!/bin/sh
# The workspace in a real browser: Debian's chromium driven by puppeteer-core
# (tests/browser/workspace.mjs) signs in through the form and the mailed
# link, records a fact, meets a form error and signs out, with axe-core
# checking every page against WCAG 2.1 AA.
#
# Peers: node, /usr/bin/chromium, and the npm packages of tests/browser
# (cd tests/browser && PUPPETEER_SKIP_DOWNLOAD=1 npm ci); missing: skip,
# unless TREATYD_REQUIRE_PEERS is set.

: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

BROWSER=$top_srcdir/tests/browser
command -v node >/dev/null 2>&1 || missing_peer node "apt-get install nodejs"
[ -x /usr/bin/chromium ] || missing_peer chromium "apt-get install chromium"
[ -d "$BROWSER/node_modules/puppeteer-core" ] &&
    [ -d "$BROWSER/node_modules/@axe-core/puppeteer" ] ||
	missing_peer "npm packages puppeteer-core and @axe-core/puppeteer" \
	    "cd tests/browser && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund"

mkdir "$T/db" "$T/instruments.d" "$T/home" || exit 1
cat >"$T/instruments.d/alpha.ini" <<'INI'
[instrument]
code = ALPHA
name = Alpha Convention
name_nl = Alfaverdrag
body = Alpha Committee
lead = OCW

[rule report]
type = grid
label = Periodic report
label_nl = Periodieke rapportage
base = 2024-01-01
period = P4Y
first = 1
INI
CONF=$T/treatyd.conf
write_conf "$CONF" "$T/db/treatyd.db" "$T/instruments.d" en
sed -i 's/^public = yes/public = no/' "$CONF"
ctl init || finish
ctl coordinator add "Anna de Vries" anna@example.nl OCW --lang en \
    --lead ALPHA || finish
start_daemon "$CONF" "$T/treatyd.log" || finish

# HOME in $T: chromium and fontconfig write there.
HOME=$T/home timeout 180 node "$BROWSER/workspace.mjs" "$(url "")" \
    "$T/outbox" anna@example.nl ALPHA >"$T/browser.out" 2>&1
rc=$?
add_results "$T/browser.out"
assert_eq "the browser run's exit status" 0 "$rc"
finish
