// SPDX-License-Identifier: GPL-2.0
/*
 * fault_contention: how much does an mmap_lock writer in one thread slow
 * down page faults in another, and the other way round?
 *
 * Phases, each run for a fixed time, interleaved over several rounds:
 *   faults          one thread first-touches anonymous memory
 *   faults+mmap     ... while a second thread loops mmap/munmap of one page
 *   faults+mprotect ... while a second thread flips the protection of one
 *                   page of an unrelated two-page mapping (split + merge)
 *   mmap            the mmap/munmap thread alone
 *   mprotect        the mprotect thread alone
 * Prints "result PHASE/faults|ops ROUND PER_SECOND" lines for scripts as it
 * goes, then the median and min-max of faults/s and writer ops/s per phase.
 * Naming writers ("mmap", "mprotect") runs only their phases and the
 * faulting thread alone, which their ratios need.
 *
 * With -s the writer's mappings carry MAP_NORESERVE, so that they cannot
 * merge with the faulting thread's mapping (the VMA flags differ), and
 * the phases are named PHASE@sep.  Without it, 6.1 places the writer's
 * page right below the faulting thread's 64 MiB mapping and merges the
 * two: every mmap, munmap and split then changes the faulter's VMA too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define FAULT_REGION	(64UL << 20)

enum writer { W_NONE, W_MMAP, W_MPROTECT };

struct phase {
	const char *name;
	int faulter;
	enum writer writer;
	int selected;
	double faults[MAX_ROUNDS];
	double ops[MAX_ROUNDS];
};

static struct phase phases[] = {
	{ .name = "faults",          .faulter = 1, .writer = W_NONE },
	{ .name = "faults+mmap",     .faulter = 1, .writer = W_MMAP },
	{ .name = "faults+mprotect", .faulter = 1, .writer = W_MPROTECT },
	{ .name = "mmap",            .faulter = 0, .writer = W_MMAP },
	{ .name = "mprotect",        .faulter = 0, .writer = W_MPROTECT },
};
#define NR_PHASES (sizeof(phases) / sizeof(phases[0]))

static const char *const writer_names[] = { [W_MMAP] = "mmap", [W_MPROTECT] = "mprotect" };

static atomic_int stop;
static long page_size;
static int writer_flags = MAP_PRIVATE | MAP_ANONYMOUS;

/* Touch every page of a fresh mapping, unmap it, repeat. */
static void *faulter(void *arg)
{
	unsigned long *count = arg;

	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		char *p = mmap(NULL, FAULT_REGION, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		unsigned long off;

		if (p == MAP_FAILED)
			die("mmap fault region");
		for (off = 0; off < FAULT_REGION; off += page_size) {
			p[off] = 1;
			(*count)++;
			if (atomic_load_explicit(&stop, memory_order_relaxed))
				break;
		}
		munmap(p, FAULT_REGION);
	}
	return NULL;
}

static void *mmap_writer(void *arg)
{
	unsigned long *count = arg;

	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		void *p = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
			       writer_flags, -1, 0);

		if (p == MAP_FAILED)
			die("mmap writer");
		munmap(p, page_size);
		(*count)++;
	}
	return NULL;
}

static void *mprotect_writer(void *arg)
{
	unsigned long *count = arg;
	char *p = mmap(NULL, 2 * page_size, PROT_READ | PROT_WRITE,
		       writer_flags, -1, 0);

	if (p == MAP_FAILED)
		die("mmap mprotect region");
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		if (mprotect(p, page_size, PROT_READ) ||
		    mprotect(p, page_size, PROT_READ | PROT_WRITE))
			die("mprotect");
		(*count)++;
	}
	munmap(p, 2 * page_size);
	return NULL;
}

static void run_phase(struct phase *ph, int round, double seconds)
{
	unsigned long faults = 0, ops = 0;
	pthread_t ft, wt;
	void *(*wfn)(void *) = ph->writer == W_MMAP ? mmap_writer : mprotect_writer;
	double t0, t;

	struct timespec nap = {
		.tv_sec = (time_t)seconds,
		.tv_nsec = (long)((seconds - (time_t)seconds) * 1e9),
	};

	atomic_store(&stop, 0);
	t0 = now();
	if (ph->faulter && pthread_create(&ft, NULL, faulter, &faults))
		die("pthread_create");
	if (ph->writer != W_NONE && pthread_create(&wt, NULL, wfn, &ops))
		die("pthread_create");
	while (nanosleep(&nap, &nap) && errno == EINTR)
		;
	atomic_store(&stop, 1);
	/*
	 * The window ends here: the few operations the threads finish after
	 * noticing "stop", and their final munmap, are not timed.
	 */
	t = now() - t0;
	if (ph->faulter)
		pthread_join(ft, NULL);
	if (ph->writer != W_NONE)
		pthread_join(wt, NULL);
	ph->faults[round] = faults / t;
	ph->ops[round] = ops / t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts v in place; returns the median. */
static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void print_cell(double *v, int n, int present)
{
	char buf[64];
	double med;

	if (!present) {
		printf(" %26s", "-");
		return;
	}
	med = median(v, n);
	snprintf(buf, sizeof(buf), "%.0f (%.0f-%.0f)", med, v[0], v[n - 1]);
	printf(" %26s", buf);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-s] [-r ROUNDS (1-%d)] [-t SECONDS per phase (0-3600)] [mmap|mprotect...]\n",
		prog, MAX_ROUNDS);
	exit(2);
}

/* Marks the phases of the writers named in @names, or all of them. */
static void select_phases(char **names, int n, const char *prog)
{
	unsigned int i;
	int w, j;

	for (i = 0; i < NR_PHASES; i++)
		phases[i].selected = !n || phases[i].writer == W_NONE;
	for (j = 0; j < n; j++) {
		for (w = W_MMAP; w <= W_MPROTECT && strcmp(names[j], writer_names[w]); w++)
			;
		if (w > W_MPROTECT) {
			fprintf(stderr, "%s: unknown writer '%s' (known: mmap mprotect)\n",
				prog, names[j]);
			exit(2);
		}
		for (i = 0; i < NR_PHASES; i++)
			if (phases[i].writer == (enum writer)w)
				phases[i].selected = 1;
	}
}

int main(int argc, char **argv)
{
	int rounds = 5, opt, r;
	double seconds = 2, base;
	const char *suffix = "";
	char *end;
	unsigned int i;

	while ((opt = getopt(argc, argv, "sr:t:")) != -1) {
		switch (opt) {
		case 's':
			writer_flags |= MAP_NORESERVE;
			suffix = "@sep";
			break;
		case 'r':
			rounds = strtol(optarg, &end, 10);
			if (*end)
				usage(argv[0]);
			break;
		case 't':
			seconds = strtod(optarg, &end);
			if (*end)
				usage(argv[0]);
			break;
		default:
			usage(argv[0]);
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS || !(seconds > 0 && seconds <= 3600))
		usage(argv[0]);
	select_phases(argv + optind, argc - optind, argv[0]);
	page_size = sysconf(_SC_PAGESIZE);

	for (r = 0; r < rounds; r++) {
		fprintf(stderr, "fault_contention: round %d/%d\n", r + 1, rounds);
		/* Rotate the order so no phase always runs first. */
		for (i = 0; i < NR_PHASES; i++) {
			struct phase *ph = &phases[(i + r) % NR_PHASES];

			if (!ph->selected)
				continue;
			run_phase(ph, r, seconds);
			if (ph->faulter)
				printf("result %s%s/faults %d %.1f\n", ph->name, suffix, r + 1, ph->faults[r]);
			if (ph->writer != W_NONE)
				printf("result %s%s/ops %d %.1f\n", ph->name, suffix, r + 1, ph->ops[r]);
			fflush(stdout);
		}
	}

	printf("fault_contention: %d rounds x %.1fs per phase, median (min-max)\n",
	       rounds, seconds);
	printf("%-16s %26s %26s %9s\n", "phase", "faults/s", "writer ops/s",
	       "faults %");
	base = 0;
	for (i = 0; i < NR_PHASES; i++) {
		struct phase *ph = &phases[i];
		double f = ph->faulter ? median(ph->faults, rounds) : 0;

		if (!ph->selected)
			continue;
		if (i == 0)
			base = f;
		printf("%-16s", ph->name);
		print_cell(ph->faults, rounds, ph->faulter);
		print_cell(ph->ops, rounds, ph->writer != W_NONE);
		if (ph->faulter && base > 0)
			printf(" %8.1f%%\n", 100 * f / base);
		else
			printf(" %9s\n", "-");
	}
	return 0;
}
