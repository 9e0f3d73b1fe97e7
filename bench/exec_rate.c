// SPDX-License-Identifier: GPL-2.0
/*
 * exec_rate: how fast do programs start?  Runs PROGRAM [ARG...] (fork,
 * execv, wait; its output to /dev/null) over and over for a fixed time
 * per round, and prints "result startup/execs ROUND PER_SECOND" lines,
 * then the median and min-max.  With a dynamically linked PROGRAM most of
 * what it measures is the faults of a fresh process: the loader, the
 * libraries' text and data (file-backed, private), the relocations (COW),
 * the heap and the stack (anonymous).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-r ROUNDS (1-%d)] [-t SECONDS per round (0.1-3600)] PROGRAM [ARG...]\n",
		prog, MAX_ROUNDS);
	exit(2);
}

/* One start of @argv; exits the benchmark if it does not succeed. */
static void run_once(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "exec_rate: %s %s (status %#x): run it by hand to see why\n",
			argv[0], WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
			"cannot be executed" : "failed", status);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	double seconds = 2, rate[MAX_ROUNDS], t0, t;
	char cell[64];
	int rounds = 5, opt, r;
	unsigned long n;
	char *end;

	while ((opt = getopt(argc, argv, "+r:t:")) != -1) {
		if (opt == 'r')
			rounds = strtol(optarg, &end, 10);
		else if (opt == 't')
			seconds = strtod(optarg, &end);
		if (opt == '?' || *end)
			usage(argv[0]);
	}
	if (optind == argc || rounds < 1 || rounds > MAX_ROUNDS ||
	    !(seconds >= 0.1 && seconds <= 3600))
		usage(argv[0]);

	for (r = 0; r < rounds; r++) {
		n = 0;
		t0 = now();
		do {
			run_once(argv + optind);
			n++;
			t = now() - t0;
		} while (t < seconds);
		rate[r] = n / t;
		printf("result startup/execs %d %.1f\n", r + 1, rate[r]);
		fflush(stdout);
	}
	printf("exec_rate: %s, %d rounds x %.1fs: %s starts/s, median (min-max)\n",
	       argv[optind], rounds, seconds,
	       bench_cell(rate, rounds, cell, sizeof(cell)));
	return 0;
}
