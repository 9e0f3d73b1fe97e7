// SPDX-License-Identifier: GPL-2.0
/*
 * fault_scaling: anonymous page fault rates with no mmap_lock writer.
 *
 * Scenarios, each run for a fixed time, interleaved over several rounds:
 *   single      one thread: map 64 MiB, touch every page, unmap, repeat
 *               (will-it-scale page_fault1 style): the regression check
 *   own-vmas    two threads, each doing "single" in its own mapping
 *   same-vma    two threads touching the pages of one shared 128 MiB
 *               mapping, each its own half, remapped by whoever finishes
 *               last (no other writer)
 *   cow         after fork, two threads of the child write to every page
 *               of 64 MiB of memory inherited from the parent (COW faults)
 * Prints "result SCENARIO ROUND FAULTS_PER_SECOND" lines for scripts,
 * then the median and min-max of each scenario.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define REGION		(64UL << 20)

static long page_size;
static atomic_int stop;

/* Touch one page per page_size in [p, p + len); stop early on request. */
static unsigned long touch(char *p, unsigned long len)
{
	unsigned long off, n = 0;

	for (off = 0; off < len; off += page_size) {
		p[off] = 1;
		n++;
		if (atomic_load_explicit(&stop, memory_order_relaxed))
			break;
	}
	return n;
}

static char *map(unsigned long len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

static void *own_vma(void *arg)
{
	unsigned long *count = arg;

	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		char *p = map(REGION);

		*count += touch(p, REGION);
		munmap(p, REGION);
	}
	return NULL;
}

/* same-vma: both threads fault into one mapping, then meet and remap. */
static char *shared;
static pthread_barrier_t barrier;

struct half {
	int index;
	unsigned long count;
};

static void *same_vma(void *arg)
{
	struct half *h = arg;

	for (;;) {
		h->count += touch(shared + h->index * REGION, REGION);
		pthread_barrier_wait(&barrier);
		if (atomic_load_explicit(&stop, memory_order_relaxed))
			return NULL;
		if (h->index == 0) {
			/* Zap the pages; the VMA and its anon_vma stay. */
			madvise(shared, 2 * REGION, MADV_DONTNEED);
		}
		pthread_barrier_wait(&barrier);
	}
}

static void *cow_writer(void *arg)
{
	struct half *h = arg;

	h->count += touch(shared + h->index * (REGION / 2), REGION / 2);
	return NULL;
}

static double run(const char *name, double seconds)
{
	struct half halves[2] = { { 0, 0 }, { 1, 0 } };
	unsigned long counts[2] = { 0, 0 };
	pthread_t t[2];
	double t0 = now(), elapsed;
	int i, nthreads = 2;

	atomic_store(&stop, 0);
	if (!strcmp(name, "single") || !strcmp(name, "own-vmas")) {
		nthreads = strcmp(name, "single") ? 2 : 1;
		for (i = 0; i < nthreads; i++)
			if (pthread_create(&t[i], NULL, own_vma, &counts[i]))
				die("pthread_create");
	} else if (!strcmp(name, "same-vma")) {
		shared = map(2 * REGION);
		pthread_barrier_init(&barrier, NULL, 2);
		for (i = 0; i < 2; i++)
			if (pthread_create(&t[i], NULL, same_vma, &halves[i]))
				die("pthread_create");
	} else {
		/* cow: fork children until time is up; count their faults. */
		unsigned long total = 0;
		int pipefd[2];

		shared = map(REGION);
		touch(shared, REGION);
		while (now() - t0 < seconds) {
			pid_t pid;

			if (pipe(pipefd))
				die("pipe");
			pid = fork();
			if (pid < 0)
				die("fork");
			if (!pid) {
				for (i = 0; i < 2; i++)
					if (pthread_create(&t[i], NULL, cow_writer, &halves[i]))
						die("pthread_create");
				for (i = 0; i < 2; i++)
					pthread_join(t[i], NULL);
				total = halves[0].count + halves[1].count;
				if (write(pipefd[1], &total, sizeof(total)) != sizeof(total))
					_exit(1);
				_exit(0);
			}
			if (read(pipefd[0], &counts[0], sizeof(counts[0])) != sizeof(counts[0]))
				die("read");
			waitpid(pid, NULL, 0);
			close(pipefd[0]);
			close(pipefd[1]);
			total += counts[0];
		}
		elapsed = now() - t0;
		munmap(shared, REGION);
		return total / elapsed;
	}

	while (now() - t0 < seconds)
		usleep(10000);
	atomic_store(&stop, 1);
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	elapsed = now() - t0;
	if (!strcmp(name, "same-vma")) {
		munmap(shared, 2 * REGION);
		pthread_barrier_destroy(&barrier);
		return (halves[0].count + halves[1].count) / elapsed;
	}
	return (counts[0] + counts[1]) / elapsed;
}

static const char *const names[] = { "single", "own-vmas", "same-vma", "cow" };
#define NR_SCENARIOS (sizeof(names) / sizeof(names[0]))

int main(int argc, char **argv)
{
	double rate[NR_SCENARIOS][MAX_ROUNDS];
	struct bench_opts o;
	int r, j;

	bench_parse(argc, argv, names, NR_SCENARIOS, &o);
	page_size = sysconf(_SC_PAGESIZE);

	for (r = 0; r < o.rounds; r++) {
		for (j = 0; j < (int)NR_SCENARIOS; j++) {
			if (!o.selected[j])
				continue;
			rate[j][r] = run(names[j], o.seconds);
			printf("result %s %d %.1f\n", names[j], r + 1, rate[j][r]);
			fflush(stdout);
		}
	}

	printf("fault_scaling: %d rounds x %.1fs per scenario, faults/s median (min-max)\n",
	       o.rounds, o.seconds);
	for (j = 0; j < (int)NR_SCENARIOS; j++) {
		char buf[64];

		if (o.selected[j])
			printf("%-9s %s\n", names[j],
			       bench_cell(rate[j], o.rounds, buf, sizeof(buf)));
	}
	return 0;
}
