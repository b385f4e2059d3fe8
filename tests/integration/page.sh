#!/bin/sh
# The overview page: fetched from treatyd with curl (Dutch and English), then
# rendered by headless Chromium to a 1366x900 PNG that must not be blank.
#
# Peers: curl, /usr/bin/chromium (missing: skip, unless
# TREATYD_REQUIRE_PEERS is set). python3-pil is used when installed to
# count the colours of the screenshot; without it the size of the PNG
# stands in.

: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

CHROMIUM=/usr/bin/chromium

command -v curl >/dev/null 2>&1 || missing_peer curl "apt-get install curl"
[ -x "$CHROMIUM" ] || missing_peer chromium "apt-get install chromium"

# Configuration and data -----------------------------------------------------

mkdir "$T/db" "$T/home" || exit 1
CONF=$T/treatyd.conf
write_conf "$CONF" "$T/db/treatyd.db" "$top_srcdir/conf/instruments.d" nl
ctl init || finish
ctl fact import "$top_srcdir/conf/seed/nl-facts.ini" || finish
start_daemon "$CONF" "$T/treatyd.log" || finish

# The HTML -------------------------------------------------------------------

# page QUERY NAME: GET /QUERY into $T/NAME.html; 200, HTML, an SVG, and
# nothing loaded from elsewhere.
page() {
	http "$(url "/$1")"
	cp "$T/b" "$T/$2.html"
	assert_eq "GET /$1: status" 200 "$code"
	assert_eq "GET /$1: Content-Type" "text/html; charset=utf-8" \
	    "$(hdr Content-Type)"
	assert_grep "GET /$1: an HTML document" "^<!DOCTYPE html>|<html" \
	    "$T/$2.html"
	assert_grep "GET /$1: a timeline drawn as SVG" "<svg" "$T/$2.html"
	assert_not_grep "GET /$1: nothing loaded from elsewhere" \
	    '(src|@import|url\() *=? *"?(https?:)?//|<link[^>]*href="(https?:)?//' \
	    "$T/$2.html"
}

page "" nl
assert_grep "Dutch page: lang=nl" '<html[^>]* lang="nl"' "$T/nl.html"
for word in Verdragsrapportages Tijdlijn "te laat" vandaag; do
	assert_grep "Dutch page: '$word'" "$word" "$T/nl.html"
done
page "?lang=en" en
assert_grep "English page: lang=en" '<html[^>]* lang="en"' "$T/en.html"
for word in "Treaty reporting" Timeline overdue today; do
	assert_grep "English page: '$word'" "$word" "$T/en.html"
done
assert_not_grep "English page: no Dutch title" "Verdragsrapportages" \
    "$T/en.html"

# Rendered by Chromium -------------------------------------------------------

# shot QUERY NAME: a 1366x900 screenshot of /QUERY in $T/NAME.png.
shot() {
	_profile=$(mktemp -d "$T/chromium.XXXXXX")
	# HOME in $T too: Chromium and fontconfig write there.
	HOME=$T/home timeout 60 "$CHROMIUM" --headless --no-sandbox \
	    --disable-gpu --disable-quic --no-first-run \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --disable-dev-shm-usage \
	    --user-data-dir="$_profile" --window-size=1366,900 \
	    --screenshot="$T/$2.png" "$(url "/$1")" \
	    >"$T/chromium-$2.log" 2>&1 </dev/null
	_rc=$?
	checks=$((checks + 1))
	if [ "$_rc" -ne 0 ]; then
		fail "chromium on /$1: exit $_rc (124: over 60 s)" \
		    "log: $(tail -n 5 "$T/chromium-$2.log" | tr '\n' '|')"
	fi
	rm -rf "$_profile"
	"$PYTHON" - "$T/$2.png" "/$1" >"$T/png.out" 2>&1 <<'PYEOF'
import struct, sys
path, what = sys.argv[1], sys.argv[2]
checks = 0


def check(ok, msg, *details):
    global checks
    checks += 1
    if not ok:
        print(f"FAIL: screenshot of {what}: {msg}")
        for d in details:
            print("      " + d)
    return ok


try:
    data = open(path, "rb").read()
except OSError as e:
    check(False, "no PNG written", f"got:      {e}")
    print(f"checks {checks}")
    sys.exit()
ok = check(data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG (signature)",
           f"got:      {data[:8]!r}")
if ok and check(data[12:16] == b"IHDR", "no IHDR chunk first"):
    w, h = struct.unpack(">II", data[16:24])
    check((w, h) == (1366, 900), "size", "expected: 1366x900",
          f"got:      {w}x{h}")
try:
    from PIL import Image
except ImportError:
    Image = None
if Image is None:
    # A blank 1366x900 PNG compresses to a few KB; the page is far more.
    check(len(data) > 20 * 1024, "looks blank (PNG under 20 KB)",
          f"got:      {len(data)} bytes")
else:
    img = Image.open(path).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20) or []
    check(len(colours) >= 50, "looks blank (too few colours)",
          "expected: at least 50 distinct colours",
          f"got:      {len(colours)}")
    # Not one colour covering (almost) everything.
    top = max(c for c, _ in colours) if colours else 0
    check(top < 0.97 * img.width * img.height,
          "one colour covers over 97% of it",
          f"got:      {top} of {img.width * img.height} pixels")
print(f"checks {checks}")
PYEOF
	add_results "$T/png.out"
}

shot "" nl
shot "?lang=en" en

stop_pid "$DPID" 5
assert_eq "treatyd exit status after SIGTERM" 0 "$stop_rc"

finish
