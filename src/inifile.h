/*
 * INI files through inih, the only file that includes it. Each key is
 * handed to a callback with its section and line number, so the modules
 * that interpret keys can report file:line. Text that is not well-formed
 * UTF-8 is reported (file:line) and never handed over.
 */
#ifndef TREATYD_INIFILE_H
#define TREATYD_INIFILE_H

struct diag;

typedef void (*inifile_cb)(void *arg, int line, const char *section,
    const char *key, const char *value);

/*
 * Read path and call cb for every key, and once for every section header
 * with key and value NULL (so two sections of the same name are told
 * apart). Syntax errors, over-long lines and
 * an unreadable file are added to diag. Returns 0, or -1 when the file
 * could not be opened.
 */
int	 inifile_read(const char *path, inifile_cb cb, void *arg, struct diag *);

/* Same over a string; name is used in messages. */
int	 inifile_read_string(const char *name, const char *text, inifile_cb cb,
	    void *arg, struct diag *);

#endif
