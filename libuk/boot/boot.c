/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform-independent boot sequence: default heap on the free
 * memory regions, command line (kernel arguments -- application
 * arguments), init calls by class, then the application.
 *
 * Command line: "KERNEL-ARGS -- APP-ARGS", split shell-style. Without a
 * "--" every word is an application argument. argv[0] is the kernel
 * parameter boot.argv0 (uk-run passes the image's name; default "app").
 */
#include <uk/boot.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/assert.h>
#include <uk/errno.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/memory.h>
#include <uk/plat/paging.h>
#include <uk/sched.h>
#include <uk/plat/time.h>

#define ENV_MAX		64
#define STACK_DEFAULT	(512 * 1024)
#define STACK_MIN	(16 * 1024)
#define STACK_MAX	(1ULL << 40)	/* beyond any memory; never wraps */
#define GUARD		UK_THREAD_GUARD_SIZE
#define HEAP_MIN	(64 * UK_KiB)	/* the smallest region a heap starts on */

static const char *argv0 = "app";
UK_PARAM(boot, argv0, UK_PARAM_STR, argv0, "argv[0] of the application");
static uint64_t stack_size;
UK_PARAM_U64_MAX(boot, stack, stack_size, STACK_MAX,
		 "main stack size (default 512K, less when memory is short)");
static bool show_time;
UK_PARAM(boot, time, UK_PARAM_BOOL, show_time,
	 "print the time from platform entry to main");

static bool show_chart;
UK_PARAM(boot, chart, UK_PARAM_BOOL, show_chart,
	 "print the time of each boot step at main (uk-run --boot-chart)");

static uint64_t main_time;

/* uk_boot_nomem() with @have: the most that could be given. */
static void __noreturn nomem(const char *what, size_t size, size_t have)
{
	size_t more = size > have ? size - have : UK_PAGE_SIZE;

	uk_pr_crit("too little memory: %s needs %zu KiB, %zu KiB are free: need %zu KiB more\n",
		   what, UK_ALIGN_UP(size, UK_KiB) >> 10, have >> 10,
		   UK_ALIGN_UP(more, UK_PAGE_SIZE) >> 10);
	ukplat_terminate(UK_STATUS_NOMEM);
}

void uk_boot_nomem(const char *what, size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();

	nomem(what, size, a ? uk_alloc_maxalloc(a) : 0);
}

/* Creates the configured default allocator (one per --with-alloc). */
struct uk_alloc *uk_boot_heap_create(void *base, size_t len);

/*
 * The heap starts in the lowest free region and grows into the others.
 * Early, long-lived allocations (command line, environment, the main
 * stack) so land in low memory, next to what the loader already touched:
 * the VM's host memory footprint stays in the fewest (huge) pages.
 */
static void heap_init(void)
{
	const struct ukplat_memregion *r, *first = NULL;
	struct uk_alloc *a;
	int i, n = ukplat_memregion_count();
	size_t largest = 0;

	for (i = 0; i < n; i++) {
		r = ukplat_memregion_get(i);
		if (r->type != UKPLAT_MEMRT_FREE)
			continue;
		largest = UK_MAX(largest, (size_t)r->len);
		if (r->len >= HEAP_MIN && (!first || r->base < first->base))
			first = r;
	}
	if (!first)
		nomem("the heap (a free region after the image)", HEAP_MIN,
		      largest);
	a = uk_boot_heap_create((void *)(uintptr_t)first->base, first->len);
	if (!a)	/* its own tables do not fit */
		nomem("the heap", first->len + HEAP_MIN, first->len);
	for (i = 0; i < n; i++) {
		r = ukplat_memregion_get(i);
		if (r->type == UKPLAT_MEMRT_FREE && r != first &&
		    uk_alloc_addmem(a, (void *)(uintptr_t)r->base, r->len) < 0)
			uk_pr_warn("memory 0x%lx+0x%lx not added to the heap\n",
				   r->base, r->len);
	}
	uk_alloc_set_default(a);
}

/*
 * The main stack, with an inaccessible gap of UK_THREAD_GUARD_SIZE below
 * it: an overflow faults (crash report) instead of running over whatever
 * lies below, even an alloca() or a frame that skips a page. A
 * boot.stack= that memory cannot hold is reported and the default size
 * used instead.
 */
void *uk_boot_app_stack(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	size_t size = stack_size;	/* <= STACK_MAX: rounding cannot wrap */
	char *stack = NULL;

	if (size) {
		size = UK_ALIGN_UP(UK_MAX(size, STACK_MIN), UK_PAGE_SIZE);
		stack = uk_palloc(a, (size + GUARD) / UK_PAGE_SIZE);
		if (!stack)
			uk_pr_warn("boot.stack=%lu: no memory for it; default size used\n",
				   (unsigned long)stack_size);
	}
	if (!stack) {
		size = UK_MIN(uk_alloc_maxalloc(a) / 4, STACK_DEFAULT);
		size = UK_ALIGN_UP(UK_MAX(size, STACK_MIN), UK_PAGE_SIZE);
		stack = uk_palloc(a, (size + GUARD) / UK_PAGE_SIZE);
	}
	if (!stack)
		uk_boot_nomem("the main stack (with its guard gap)",
			      size + GUARD);
	if (ukplat_page_protect((uintptr_t)stack, GUARD,
				UKPLAT_PROT_NONE) < 0)
		uk_pr_warn("main stack at %p has no guard gap\n", stack);
	else	/* for the crash report: "stack overflow in thread main" */
		uk_thread_set_guard(uk_thread_current(), (uintptr_t)stack);
	return stack + GUARD + size;
}

const char *uk_boot_argv0(void)
{
	return argv0;
}

uint64_t uk_boot_main_time(void)
{
	return main_time;
}

/*
 * One line per step, in the order they ended: "# boot-chart: NS STEP",
 * NS the nanoseconds from platform entry to the step's end. Written
 * whatever print.level says: it was asked for.
 */
static void chart_print(void)
{
	const char *what;
	char line[96];
	uint64_t ns;
	int n;

	for (unsigned int i = 0; ukplat_boot_step(i, &what, &ns) == 0; i++) {
		n = uk_snprintf(line, sizeof(line), "# boot-chart: %lu %s\n",
				ns, what);
		uk_console_write(line, n < (int)sizeof(line) ? (size_t)n :
				 sizeof(line) - 1);
	}
}

void uk_boot_mark_main(void)
{
	ukplat_boot_mark("main");
	if (show_chart)
		chart_print();
	if (!show_time)
		return;
	main_time = ukplat_clock_raw_to_ns(ukplat_clock_raw());
	uk_pr_info("boot: platform entry to main in %lu.%03lu ms\n",
		   main_time / 1000000, (main_time / 1000) % 1000);
}

void uk_boot_exit(int status)
{
	uk_term_run(status);
	ukplat_terminate(status);
}

/* Splits the command line; returns the words, NULL-terminated. */
static char **cmdline_split(int *count)
{
	struct uk_alloc *a = uk_alloc_get_default();
	const char *cl = ukplat_cmdline();
	size_t len = uk_strlen(cl);
	int max = (int)(len / 2) + 2, n;
	char *buf = uk_malloc(a, len + 1);
	char **words = uk_calloc(a, max + 1, sizeof(char *));

	if (!buf || !words)
		uk_boot_nomem("the command line",
			      len + 1 + (max + 1) * sizeof(char *));
	uk_memcpy(buf, cl, len + 1);
	n = uk_argparse(buf, words, max);
	if (n < 0) {
		uk_pr_crit("malformed command line (%s): %s\n",
			   n == -UK_EINVAL ? "unterminated quote or trailing backslash"
					   : "too many words", cl);
		ukplat_terminate(UK_STATUS_CRASH);
	}
	*count = n;
	return words;
}

/*
 * QEMU's microvm appends its virtio_mmio.device=... arguments to the end
 * of the command line, after the application's: they are kernel
 * arguments wherever they are. Returns how many trailing words are.
 */
static int trailing_kernel_args(char **words, int nwords)
{
	static const char prefix[] = "virtio_mmio.device=";
	int n = 0;

	while (n < nwords &&
	       !uk_strncmp(words[nwords - 1 - n], prefix, sizeof(prefix) - 1))
		n++;
	return n;
}

void uk_boot_entry(void)
{
	char **words, **argv, **envp;
	int nwords, nkargs, argc, i, ntrail;
	char *no_env[1];

	ukplat_boot_mark("platform");
	heap_init();
	ukplat_boot_mark("heap");
	if (uk_sched_start() < 0)
		UK_CRASH("cannot start the scheduler");
	ukplat_boot_mark("scheduler");
	words = cmdline_split(&nwords);
	ntrail = trailing_kernel_args(words, nwords);
	nwords -= ntrail;
	if (ntrail)
		uk_param_apply(ntrail, words + nwords, no_env, 0);
	words[nwords] = NULL;
	for (nkargs = 0; nkargs < nwords; nkargs++)
		if (!uk_strcmp(words[nkargs], "--"))
			break;
	if (nkargs == nwords) {
		/* no "--": everything belongs to the application */
		nkargs = 0;
		argv = words - 1;
	} else {
		argv = words + nkargs;	/* argv[0] replaces "--" below */
	}
	envp = uk_calloc(uk_alloc_get_default(), ENV_MAX + 1, sizeof(char *));
	if (!envp)
		uk_boot_nomem("the environment",
			      (ENV_MAX + 1) * sizeof(char *));
	uk_param_apply(nkargs, words, envp, ENV_MAX);
	ukplat_boot_mark("arguments");

	uk_pr_info("libuk %s %s-%s: %zu KiB free\n", UK_VERSION,
		   ukplat_arch(), ukplat_name(),
		   uk_alloc_availmem(uk_alloc_get_default()) >> 10);

	if (uk_init_run() < 0)
		ukplat_terminate(UK_STATUS_CRASH);

	if (argv == words - 1) {
		/* make room for argv[0] in front of the words */
		argv = uk_calloc(uk_alloc_get_default(), nwords + 2,
				 sizeof(char *));
		if (!argv)
			uk_boot_nomem("argv", (nwords + 2) * sizeof(char *));
		for (i = 0; i < nwords; i++)
			argv[i + 1] = words[i];
	}
	argv[0] = (char *)argv0;
	for (argc = 0; argv[argc]; argc++)
		;
	uk_sched_app_start();
	uk_app_start(argc, argv, envp);
}
