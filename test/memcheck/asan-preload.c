/*
 * asan-preload.c
 *		Preloaded after libasan, so that ASan and UBSan work in an
 *		uninstrumented postgres.  Built and used by test/run-memcheck.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char	   *swift_demangle(const char *mangled, size_t mangled_len,
						   char *out, size_t *out_len, uint32_t flags);
const char *__ubsan_default_options(void);

static char ubsan_options[4096];

/*
 * With libasan preloaded rather than linked into the executable, ASan
 * initialises on the first malloc.  Debian's postgres pulls in libgpg-error,
 * whose constructor calls bindtextdomain(); glibc mallocs while holding its
 * gettext lock, ASan initialises there and looks up swift_demangle with
 * dlsym(), and the dlerror() that clears the failed lookup translates its
 * message under the same lock: postgres hangs before main().  Defining the
 * symbol makes the lookup succeed.  It never demangles anything.
 */
char *
swift_demangle(const char *mangled, size_t mangled_len,
			   char *out, size_t *out_len, uint32_t flags)
{
	return NULL;
}

/*
 * UBSan reads UBSAN_OPTIONS at its first report, in a backend, from
 * /proc/self/environ; by then postgres has overwritten that memory with its
 * process title, and the options (print_stacktrace) would be lost.  Keep a
 * copy from process start and hand it over as UBSan's default options.
 */
static void __attribute__((constructor))
save_ubsan_options(void)
{
	const char *opts = getenv("UBSAN_OPTIONS");

	if (opts != NULL)
		strncpy(ubsan_options, opts, sizeof(ubsan_options) - 1);
}

const char *
__ubsan_default_options(void)
{
	return ubsan_options;
}
