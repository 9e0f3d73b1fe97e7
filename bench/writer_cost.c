// SPDX-License-Identifier: GPL-2.0
/*
 * writer_cost: what the mmap_lock writers themselves cost, with no page
 * fault running anywhere.  The series adds work to them (marking VMAs,
 * RCU-deferred VMA freeing), so these are its regression checks.
 *
 * Scenarios, each run for a fixed time, interleaved over several rounds:
 *   mmap        mmap + munmap of 128 KiB of anonymous memory, untouched
 *   brk         grow the heap by 128 KiB and shrink it back
 *   fork        fork + exit + wait of a process with NR_VMAS VMAs
 *               (half of them written, so fork copies their PTEs)
 *   exit        exit + wait of a child with 2 * NR_VMAS VMAs: those it
 *               inherited and as many it built (only the exit is timed)
 * Prints "result SCENARIO ROUND OPS_PER_SECOND" lines for scripts, then
 * the median and min-max of each scenario.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MAX_ROUNDS	64
#define NR_VMAS		4000
#define CHUNK		(128UL << 10)

static long page_size;

static double run_mmap(double seconds)
{
	double end = now() + seconds;
	long ops = 0;

	do {
		void *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		munmap(p, CHUNK);
		ops++;
	} while (now() < end);
	return ops / seconds;
}

static double run_brk(double seconds)
{
	unsigned long base = syscall(SYS_brk, 0);
	double end = now() + seconds;
	long ops = 0;

	do {
		if ((unsigned long)syscall(SYS_brk, base + CHUNK) != base + CHUNK)
			die("brk");
		syscall(SYS_brk, base);
		ops++;
	} while (now() < end);
	return ops / seconds;
}

/* NR_VMAS VMAs: alternate pages of one mapping made read-only. */
static void make_vmas(void)
{
	char *p = mmap(NULL, NR_VMAS * page_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long i;

	if (p == MAP_FAILED)
		die("mmap");
	for (i = 0; i < NR_VMAS; i += 2) {
		p[i * page_size] = 1;
		if (mprotect(p + (i + 1) * page_size, page_size, PROT_READ))
			die("mprotect");
	}
}

static double run_fork(double seconds)
{
	double end = now() + seconds;
	long ops = 0;

	do {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid)
			_exit(0);
		waitpid(pid, NULL, 0);
		ops++;
	} while (now() < end);
	return ops / seconds;
}

static double run_exit(double seconds)
{
	double end = now() + seconds, timed = 0;
	long ops = 0;

	do {
		int ready[2], go[2];
		double start;
		pid_t pid;
		char c;

		if (pipe(ready) || pipe(go))
			die("pipe");
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid) {
			make_vmas();
			if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
				_exit(1);
			_exit(0);
		}
		if (read(ready[0], &c, 1) != 1)
			die("read");
		start = now();
		if (write(go[1], "g", 1) != 1)
			die("write");
		waitpid(pid, NULL, 0);
		timed += now() - start;
		close(ready[0]);
		close(ready[1]);
		close(go[0]);
		close(go[1]);
		ops++;
	} while (now() < end);
	return ops / timed;
}

struct scenario {
	const char *name;
	double (*run)(double seconds);
	const char *unit;
	double rate[MAX_ROUNDS];
};

static struct scenario scenarios[] = {
	{ "mmap", run_mmap, "mmap+munmap/s" },
	{ "brk", run_brk, "grow+shrink/s" },
	{ "fork", run_fork, "fork+exit/s" },
	{ "exit", run_exit, "exits/s" },
};
#define NR_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-r ROUNDS (1-%d)] [-t SECONDS per scenario (0.1-3600)] [SCENARIO...]\n",
		prog, MAX_ROUNDS);
	exit(2);
}

int main(int argc, char **argv)
{
	int rounds = 5, opt, r, i, j, selected[NR_SCENARIOS] = { 0 }, any = 0;
	double seconds = 2;
	char *end;

	while ((opt = getopt(argc, argv, "r:t:")) != -1) {
		switch (opt) {
		case 'r':
			rounds = strtol(optarg, &end, 10);
			if (*end || rounds < 1 || rounds > MAX_ROUNDS)
				usage(argv[0]);
			break;
		case 't':
			seconds = strtod(optarg, &end);
			if (*end || seconds < 0.1 || seconds > 3600)
				usage(argv[0]);
			break;
		default:
			usage(argv[0]);
		}
	}
	for (i = optind; i < argc; i++) {
		for (j = 0; j < (int)NR_SCENARIOS; j++)
			if (!strcmp(argv[i], scenarios[j].name))
				break;
		if (j == NR_SCENARIOS) {
			fprintf(stderr, "writer_cost: unknown scenario '%s' (known: mmap brk fork exit)\n",
				argv[i]);
			return 2;
		}
		selected[j] = any = 1;
	}
	page_size = sysconf(_SC_PAGESIZE);
	/* The mm every scenario runs in, and fork copies. */
	make_vmas();

	for (r = 0; r < rounds; r++) {
		for (j = 0; j < (int)NR_SCENARIOS; j++) {
			struct scenario *s = &scenarios[j];

			if (any && !selected[j])
				continue;
			s->rate[r] = s->run(seconds);
			printf("result %s %d %.1f\n", s->name, r + 1, s->rate[r]);
			fflush(stdout);
		}
	}

	printf("writer_cost: %d rounds x %.1fs per scenario, median (min-max)\n",
	       rounds, seconds);
	for (j = 0; j < (int)NR_SCENARIOS; j++) {
		struct scenario *s = &scenarios[j];
		char buf[64];

		if (any && !selected[j])
			continue;
		qsort(s->rate, rounds, sizeof(double), cmp_double);
		snprintf(buf, sizeof(buf), "%.0f (%.0f-%.0f)",
			 s->rate[rounds / 2], s->rate[0], s->rate[rounds - 1]);
		printf("%-6s %-14s %s\n", s->name, s->unit, buf);
	}
	return 0;
}
