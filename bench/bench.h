/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the benchmark programs. */
#ifndef BENCH_H
#define BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_ROUNDS	64

static inline void die(const char *what)
{
	perror(what);
	exit(1);
}

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct bench_opts {
	int rounds;
	double seconds;
	int selected[16];	/* by scenario index; all 1 if none named */
};

/*
 * "PROG [-r ROUNDS] [-t SECONDS] [SCENARIO...]": fills @o, or exits with
 * status 2 and a message on bad input.
 */
static inline void bench_parse(int argc, char **argv, const char *const *names,
			       int n, struct bench_opts *o)
{
	int opt, i, j, any = 0;
	char *end;

	o->rounds = 5;
	o->seconds = 2;
	while ((opt = getopt(argc, argv, "r:t:")) != -1) {
		if (opt == 'r')
			o->rounds = strtol(optarg, &end, 10);
		else if (opt == 't')
			o->seconds = strtod(optarg, &end);
		if (opt == '?' || *end || o->rounds < 1 || o->rounds > MAX_ROUNDS ||
		    o->seconds < 0.1 || o->seconds > 3600) {
			fprintf(stderr, "usage: %s [-r ROUNDS (1-%d)] [-t SECONDS per scenario (0.1-3600)] [SCENARIO...]\n",
				argv[0], MAX_ROUNDS);
			exit(2);
		}
	}
	memset(o->selected, 0, sizeof(o->selected));
	for (i = optind; i < argc; i++) {
		for (j = 0; j < n && strcmp(argv[i], names[j]); j++)
			;
		if (j == n) {
			fprintf(stderr, "%s: unknown scenario '%s' (known:", argv[0], argv[i]);
			for (j = 0; j < n; j++)
				fprintf(stderr, " %s", names[j]);
			fprintf(stderr, ")\n");
			exit(2);
		}
		o->selected[j] = any = 1;
	}
	for (j = 0; j < n && !any; j++)
		o->selected[j] = 1;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts @v and formats "median (min-max)". */
static inline const char *bench_cell(double *v, int n, char *buf, size_t len)
{
	qsort(v, n, sizeof(double), bench_cmp_double);
	snprintf(buf, len, "%.0f (%.0f-%.0f)", v[n / 2], v[0], v[n - 1]);
	return buf;
}

#endif
