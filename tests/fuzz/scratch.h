/*
 * The fuzz targets that load a configuration: a scratch directory in
 * $TMPDIR (fuzz.sh gives each target one and removes it), with links to
 * the source tree's data (instruments.d, holidays, departments.ini,
 * templates) so that a configuration names them by relative paths, as
 * the corpus does.
 */
#ifndef TREATYD_FUZZ_SCRATCH_H
#define TREATYD_FUZZ_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_SRCDIR
#error "FUZZ_SRCDIR: the source tree, set by tests/fuzz.sh"
#endif

/* The scratch directory's path, made once; exits when it cannot be. */
static const char *
scratch_dir(void)
{
	static char	 dir[4096];
	static int	 made;
	const char	*tmp = getenv("TMPDIR");
	static const char *const data[] = {
		"instruments.d", "holidays", "departments.ini", "templates"
	};
	char		 from[4096], to[4096];

	if (made)
		return dir;
	snprintf(dir, sizeof dir, "%s/treatyd-fuzz.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	for (size_t i = 0; i < sizeof data / sizeof *data; i++) {
		snprintf(from, sizeof from, "%s/conf/%s", FUZZ_SRCDIR, data[i]);
		snprintf(to, sizeof to, "%s/%s", dir, data[i]);
		if (symlink(from, to) == -1) {
			perror(to);
			exit(1);
		}
	}
	made = 1;
	return dir;
}

/* Write len bytes to name in the scratch directory; its path in out. */
static void
scratch_write(const char *name, const void *data, size_t len, char *out,
    size_t outlen)
{
	FILE	*fp;

	snprintf(out, outlen, "%s/%s", scratch_dir(), name);
	if ((fp = fopen(out, "w")) == NULL ||
	    fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		perror(out);
		exit(1);
	}
}

#endif
