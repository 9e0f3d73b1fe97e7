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
	{ .name = "mmap", .run = run_mmap, .unit = "mmap+munmap/s" },
	{ .name = "brk", .run = run_brk, .unit = "grow+shrink/s" },
	{ .name = "fork", .run = run_fork, .unit = "fork+exit/s" },
	{ .name = "exit", .run = run_exit, .unit = "exits/s" },
};
#define NR_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

int main(int argc, char **argv)
{
	const char *names[NR_SCENARIOS];
	struct bench_opts o;
	int r, j;

	for (j = 0; j < (int)NR_SCENARIOS; j++)
		names[j] = scenarios[j].name;
	bench_parse(argc, argv, names, NR_SCENARIOS, &o);
	page_size = sysconf(_SC_PAGESIZE);
	/* The mm every scenario runs in, and fork copies. */
	make_vmas();

	for (r = 0; r < o.rounds; r++) {
		for (j = 0; j < (int)NR_SCENARIOS; j++) {
			struct scenario *s = &scenarios[j];

			if (!o.selected[j])
				continue;
			s->rate[r] = s->run(o.seconds);
			printf("result %s %d %.1f\n", s->name, r + 1, s->rate[r]);
			fflush(stdout);
		}
	}

	printf("writer_cost: %d rounds x %.1fs per scenario, median (min-max)\n",
	       o.rounds, o.seconds);
	for (j = 0; j < (int)NR_SCENARIOS; j++) {
		struct scenario *s = &scenarios[j];
		char buf[64];

		if (o.selected[j])
			printf("%-6s %-14s %s\n", s->name, s->unit,
			       bench_cell(s->rate, o.rounds, buf, sizeof(buf)));
	}
	return 0;
}
