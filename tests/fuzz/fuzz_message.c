/*
 * libFuzzer target: the mail encoder. The first line is an address, the
 * second a subject, the rest the text: message_address_ok,
 * message_encode_header and message_build, whose output must never hold
 * a bare CR or LF in a header.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "message.h"
#include "xmalloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*text = xmalloc(size + 1), *subject, *body, *hdr, *out;
	char		*cause = NULL;
	struct message	 m;
	size_t		 len;

	memcpy(text, data, size);
	text[size] = '\0';
	subject = strchr(text, '\n');
	subject = subject ? (*subject = '\0', subject + 1) : text + strlen(text);
	body = strchr(subject, '\n');
	body = body ? (*body = '\0', body + 1) : subject + strlen(subject);
	(void)message_address_ok(text);
	hdr = message_encode_header(subject, 7);
	free(hdr);
	memset(&m, 0, sizeof m);
	m.from = "treatyd@example.org";
	m.from_name = subject;
	m.to = message_address_ok(text) ? text : "a@example.org";
	m.to_name = subject;
	m.subject = subject;
	m.message_id = "<x.treatyd@example.org>";
	m.date = 1796338800;
	m.text = body;
	m.html = body;
	m.language = "nl";
	if ((out = message_build(&m, &len, &cause)) != NULL) {
		/* The headers end at the first empty line. */
		char	*end = strstr(out, "\r\n\r\n");

		for (char *p = out; end != NULL && p < end; p++)
			if ((*p == '\n' && (p == out || p[-1] != '\r')) ||
			    (*p == '\r' && p[1] != '\n'))
				abort();
		free(out);
	} else
		free(cause);
	free(text);
	return 0;
}
