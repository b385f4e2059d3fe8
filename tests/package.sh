#!/bin/sh
# tests/package.sh: build the Debian package from a copy of the source tree
# and inspect it: its contents, its maintainer scripts, its unit
# (systemd-analyze verify and security), lintian.
#
# Part of `make check` (about 30 s: the package is built without its test
# suite, DEB_BUILD_OPTIONS=nocheck, which is make check's business), and
# `make check-package` runs it alone. Skips (77) where dpkg-buildpackage,
# lintian or a build dependency is missing; with TREATYD_REQUIRE_PEERS set
# (./quickstart test), that is a failure.
set -eu

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}

skip() {
	if [ -n "${TREATYD_REQUIRE_PEERS:-}" ] &&
	    [ "$TREATYD_REQUIRE_PEERS" != 0 ]; then
		echo "FAIL: $* (TREATYD_REQUIRE_PEERS is set)" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}

# Not again inside the package's own build (debian/rules runs make check).
if [ -n "${TREATYD_PACKAGE_BUILD:-}" ]; then
	echo "SKIP: inside the package build" >&2
	exit 77
fi
command -v dpkg-buildpackage >/dev/null 2>&1 ||
	skip "dpkg-buildpackage is not installed (apt-get install dpkg-dev debhelper)"
command -v lintian >/dev/null 2>&1 || skip "lintian is not installed"
dpkg-checkbuilddeps "$srcdir/debian/control" >/dev/null 2>&1 ||
	skip "$(dpkg-checkbuilddeps "$srcdir/debian/control" 2>&1 | head -1)"

# Not the jobs of the make that runs the suite: the package's own build.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CFLAGS LDFLAGS CPPFLAGS

T=$(mktemp -d "${TMPDIR:-/tmp}/treatyd-package.XXXXXX")
[ -n "${TREATYD_KEEP_TMP:-}" ] || trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# A copy, so that the build's in-tree configure does not touch the tree.
mkdir "$T/treatyd"
(cd "$srcdir" && tar -cf - \
	--exclude=./.git --exclude='./build*' --exclude=./autom4te.cache \
	--exclude=node_modules --exclude=./debian/treatyd \
	--exclude=./debian/.debhelper --exclude=./config.status \
	--exclude=./config.log --exclude=./Makefile \
	--exclude='./treatyd-*.tar.gz' .) | (cd "$T/treatyd" && tar -xf -)

echo "building the package in $T"
start=$(date +%s)
if ! (cd "$T/treatyd" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
	dpkg-buildpackage -us -uc -b >"$T/build.log" 2>&1); then
	tail -40 "$T/build.log" >&2
	echo "FAIL: dpkg-buildpackage -us -uc -b (log: $T/build.log)" >&2
	exit 1
fi
echo "built in $(($(date +%s) - start)) s"

deb=$(ls "$T"/treatyd_*.deb 2>/dev/null | grep -v dbgsym | head -1)
[ -n "$deb" ] || { echo "FAIL: no treatyd_*.deb" >&2; exit 1; }
echo "package: ${deb##*/}"

dpkg-deb -c "$deb" | awk '{ print $1, $2, $6 }' >"$T/contents"
for path in ./usr/sbin/treatyd ./usr/bin/treatyctl \
	./etc/treatyd/treatyd.conf \
	./etc/treatyd/instruments.d/ \
	./etc/treatyd/treatyd.conf.d/ \
	./lib/systemd/system/treatyd.service \
	./usr/lib/sysusers.d/treatyd.conf \
	./usr/lib/tmpfiles.d/treatyd.conf \
	./usr/share/man/man8/treatyd.8.gz \
	./usr/share/man/man1/treatyctl.1.gz \
	./usr/share/man/man5/treatyd.conf.5.gz \
	./usr/share/man/man5/treatyd-rules.5.gz \
	./usr/share/treatyd/instruments.d/cedaw.ini \
	./usr/share/treatyd/holidays/nl.ini \
	./usr/share/treatyd/seed/nl-facts.ini \
	./usr/share/treatyd/templates/nl/reminder.txt \
	./usr/share/treatyd/templates/en/reminder.txt \
	./usr/share/bash-completion/completions/treatyctl \
	./usr/share/doc/treatyd/copyright \
	./usr/share/doc/treatyd/examples/nginx-treatyd.conf; do
	awk -v p="$path" '$3 == p { found = 1 } END { exit !found }' \
		"$T/contents" || fail "$path is not in the package"
done
# The local instruments' directory, empty, read after the shipped one.
grep -q ' \./etc/treatyd/instruments\.d/.' "$T/contents" &&
	fail "/etc/treatyd/instruments.d is not shipped empty"
grep -q ' \./etc/treatyd/treatyd\.conf\.d/.' "$T/contents" &&
	fail "/etc/treatyd/treatyd.conf.d is not shipped empty"
grep -qx 'instruments = /usr/share/treatyd/instruments.d /etc/treatyd/instruments.d' \
	"$T/treatyd/debian/treatyd/etc/treatyd/treatyd.conf" ||
	fail "the conffile does not layer /etc/treatyd/instruments.d over the shipped instruments"
grep -q ' \./var/lib/treatyd' "$T/contents" &&
	fail "/var/lib/treatyd is shipped; tmpfiles.d creates it"

mkdir "$T/control"
dpkg-deb -e "$deb" "$T/control"
grep -qx /etc/treatyd/treatyd.conf "$T/control/conffiles" ||
	fail "/etc/treatyd/treatyd.conf is not a conffile"
for script in postinst prerm postrm; do
	[ -x "$T/control/$script" ] || fail "no $script"
done
grep -q 'systemd-sysusers' "$T/control/postinst" ||
	fail "postinst does not create the user (systemd-sysusers)"
grep -q 'systemd-tmpfiles' "$T/control/postinst" ||
	fail "postinst does not create /var/lib/treatyd (systemd-tmpfiles)"
grep -q 'deb-systemd-helper.*enable.*treatyd.service\|enable.*treatyd.service' \
	"$T/control/postinst" || fail "postinst does not enable treatyd.service"
awk '/"\$1" = purge/ { p = 1 } p && /rm -rf \/var\/lib\/treatyd/ { ok = 1 }
	END { exit !ok }' "$T/control/postrm" ||
	fail "postrm does not remove /var/lib/treatyd on purge"
sed -n '/^if \[ "\$1" = purge/,/^fi/!p' "$T/control/postrm" |
	grep -q '/var/lib/treatyd' && fail "postrm touches /var/lib/treatyd outside purge"
dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./control >/dev/null
grep -q '^u treatyd ' "$T/treatyd/debian/treatyd/usr/lib/sysusers.d/treatyd.conf" ||
	fail "sysusers.d does not create the user treatyd"
grep -q '^d /var/lib/treatyd 0750 treatyd treatyd' \
	"$T/treatyd/debian/treatyd/usr/lib/tmpfiles.d/treatyd.conf" ||
	fail "tmpfiles.d does not make /var/lib/treatyd 0750 treatyd:treatyd"

# The unit as installed: systemd-analyze verify (its directives, and its
# binary executable: the package's, unpacked) and its exposure offline,
# at most 2.0 ("OK").
mkdir -p "$T/root"
dpkg-deb -x "$deb" "$T/root"
if command -v systemd-analyze >/dev/null 2>&1; then
	sed "s|/usr/sbin/treatyd|$T/root/usr/sbin/treatyd|" \
	    "$T/root/lib/systemd/system/treatyd.service" >"$T/treatyd.service"
	if systemd-analyze verify --man=no "$T/treatyd.service" \
	    >"$T/verify.out" 2>&1; then
		echo "systemd-analyze verify: OK"
	else
		cat "$T/verify.out" >&2
		fail "systemd-analyze verify finds problems in the unit"
	fi
	if systemd-analyze security --offline=true --threshold=20 \
	    "$T/treatyd.service" >"$T/security.out" 2>&1; then
		tail -n 1 "$T/security.out"
	else
		tail -n 5 "$T/security.out" >&2
		fail "the unit's exposure is above 2.0"
	fi
else
	skip "systemd-analyze is not installed (apt-get install systemd)"
fi

changes=$(ls "$T"/treatyd_*.changes | head -1)
lintian --no-tag-display-limit "$changes" >"$T/lintian.out" 2>&1 || true
errors=$(grep -c '^E: ' "$T/lintian.out" || true)
warnings=$(grep -c '^W: ' "$T/lintian.out" || true)
echo "lintian: $errors errors, $warnings warnings"
grep '^[EW]: ' "$T/lintian.out" || true
[ "$errors" -eq 0 ] || fail "lintian reports $errors errors"

if [ "$fails" -ne 0 ]; then
	echo "$fails checks failed" >&2
	exit 1
fi
echo "package OK"
