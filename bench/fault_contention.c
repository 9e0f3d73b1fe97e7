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
 *   faults+uffd     ... while a second thread registers an unrelated
 *                   two-page mapping with userfaultfd and unregisters it
 *   mmap            the mmap/munmap thread alone
 *   mprotect        the mprotect thread alone
 *   uffd            the userfaultfd thread alone
 * Prints "result PHASE/faults|ops ROUND PER_SECOND" lines for scripts as it
 * goes, then the median and min-max of faults/s and writer ops/s per phase.
 * The uffd phases also time every fault and every register+unregister
 * pair, and print the worst of each per round ("latency ..." lines): a
 * writer that waits under mmap_lock stalls the faulting thread as long.
 * Naming writers ("mmap", "mprotect", "uffd") runs only their phases and
 * the faulting thread alone, which their ratios need.
 *
 * Every kernel gets the same layout: the faulting thread's 64 MiB
 * mapping goes at a fixed address, 2 MiB aligned, and the writer's pages
 * right below it, so that they merge with it: every mmap, munmap and
 * split then changes the faulter's VMA too.  Left to the kernel, 6.1 put
 * them there and 6.12, which aligns large anonymous mappings, left a gap
 * and merged nothing.  The writer's phases without the faulting thread
 * map a stand-in for its mapping (one page touched, so that it has an
 * anon_vma where the faulting thread's has one: -f read only reads it),
 * so that the writer alone does the same work as beside it:
 * "writer kept" then measures the faulting thread's effect, not a merge.
 *
 * With -s the writer's mappings carry MAP_NORESERVE, so that they cannot
 * merge with the faulting thread's mapping (the VMA flags differ), and
 * the phases are named PHASE@sep.
 *
 * -n SUFFIX names the phases PHASE<SUFFIX> instead (for a run under other
 * conditions, as make bench's contention-thp, under THP "always").
 *
 * With -w (swap, which the system must have) the faulting thread's faults
 * are swap-cache hits, and the phases are named PHASE@swap.  It writes a
 * 16 MiB mapping, pages it out (MADV_PAGEOUT) and forks a child that
 * reads it back: the swap entries are shared, so the child reads the
 * pages into the swap cache, where they stay when it exits.  Then it
 * reads every page (counted), and starts over.  Only the reads are timed:
 * both threads count what they do while the faulting thread reads, over
 * the time it reads, as the set-up takes mmap_lock too (fork() for
 * write).
 *
 * With -f KIND every mapping, the faulting thread's, the writer's and the
 * stand-in, is of one shmem file (a memfd, as on tmpfs) whose pages are
 * all in the page cache, at the offsets that keep them mergeable (the
 * writer's pages right below the faulting thread's in the file too):
 *   read    MAP_PRIVATE, the faulting thread reads (phases PHASE@file)
 *   cow     MAP_PRIVATE, it writes: private copies (PHASE@file-cow)
 *   shared  MAP_SHARED, it writes the file's pages (PHASE@tmpfs)
 * Read faults map the pages around the one that faulted too (fault-around),
 * so the read rates count pages, like the others, not faults.
 *
 * With -b the faulting thread's faults are NUMA-hinting faults, and the
 * phases are named PHASE@numa.  NUMA balancing must be on, scanning
 * often (the caller sets it up).  The faulting thread runs on the first
 * CPU it may use and the writer on the second: NUMA balancing would
 * otherwise move the writer to the node of the faulting thread's pages,
 * onto its CPU.  The faulting thread first-touches its mapping (not
 * counted), then writes every page, pass after pass, and counts the
 * faults it takes (RUSAGE_THREAD) over the time it writes; its pages
 * stay on its node, so the hinting faults the scanner brings leave them
 * where they are.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/userfaultfd.h>

#include "bench.h"

#define FAULT_REGION	(64UL << 20)
/*
 * Clear of the program, its heap and the mmap area on x86_64 and arm64,
 * and not at a 512 GiB boundary.  Under four-level page tables, freeing
 * the tables of a range that is the only mapping in its 512 GiB slot (as
 * the writer's page was, right below a mapping at such a boundary) also
 * "frees" the level folded above them: free_p4d_range() widens the TLB
 * gather and sets freed_tables though there is no table, and every
 * munmap() ends in a flush that interrupts the faulting thread's CPU.
 * That is 6.1's cost and 6.12's, but not one a program's usual layout
 * pays, so it should not weigh on every ratio.
 */
#define FAULT_ADDR	((char *)((1UL << 40) + (1UL << 30)))

enum writer { W_NONE, W_MMAP, W_MPROTECT, W_UFFD, NR_WRITERS };

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
	{ .name = "faults+uffd",     .faulter = 1, .writer = W_UFFD },
	{ .name = "mmap",            .faulter = 0, .writer = W_MMAP },
	{ .name = "mprotect",        .faulter = 0, .writer = W_MPROTECT },
	{ .name = "uffd",            .faulter = 0, .writer = W_UFFD },
};
#define NR_PHASES (sizeof(phases) / sizeof(phases[0]))

static const char *const writer_names[] = {
	[W_MMAP] = "mmap", [W_MPROTECT] = "mprotect", [W_UFFD] = "uffd",
};

/* What a thread did in a phase; the worst single operation if timed. */
struct count {
	unsigned long n;
	int timed;
	double worst;
	double busy;		/* -w, -b: seconds the faulting thread counted */
};

/* -w, -b: set while the faulting thread counts; always set otherwise. */
static atomic_int counting;

/* Count one operation, if it falls in the counted time. */
static inline void count_op(struct count *c)
{
	c->n += atomic_load_explicit(&counting, memory_order_relaxed);
}

/* One operation of a thread; timed only when the phase asks for it. */
#define COUNT_OP(c, op) do {					\
	if ((c)->timed) {					\
		double t_ = now();				\
		op;						\
		t_ = now() - t_;				\
		if (t_ > (c)->worst)				\
			(c)->worst = t_;			\
	} else {						\
		op;						\
	}							\
	count_op(c);						\
} while (0)

static atomic_int stop;
static long page_size;
/* The faulting thread's mappings; the writer's add MAP_FIXED_NOREPLACE. */
static int region_flags = MAP_PRIVATE | MAP_ANONYMOUS;
static int writer_flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
static int swap_mode, numa_mode;
/* -f: the file all mappings are of, and whether the faulting thread reads. */
static int file_fd = -1, file_reads;

static int stopping(void)
{
	return atomic_load_explicit(&stop, memory_order_relaxed);
}

#define SWAP_REGION	(16UL << 20)
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif

/*
 * -f: the file is mapped so that its page FILE_BELOW / page_size sits at
 * FAULT_ADDR: the writers' pages below FAULT_ADDR have their own pages of
 * it, in order, as an anonymous mapping's would be.
 */
#define FILE_BELOW	(2 * page_size)
#define FILE_SIZE	(FAULT_REGION + FILE_BELOW)

/* @len bytes at @addr, which must be free: the layout is the benchmark's. */
static char *map_at(char *addr, size_t len, int flags, const char *what)
{
	off_t off = file_fd < 0 ? 0 : addr - (FAULT_ADDR - FILE_BELOW);
	char *p = mmap(addr, len, PROT_READ | PROT_WRITE,
		       flags | MAP_FIXED_NOREPLACE, file_fd, off);

	if (p == MAP_FAILED)
		die(what);
	if (p != addr) {
		fprintf(stderr, "%s: %p is not free (the kernel chose %p)\n",
			what, (void *)addr, (void *)p);
		exit(1);
	}
	return p;
}

/* Is there one VMA from @lo to @hi, by /proc/self/maps? */
static int one_vma(char *lo, char *hi)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long start, end;
	char line[512];
	int found = 0;

	if (!f)
		die("/proc/self/maps");
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%lx-%lx", &start, &end) == 2 &&
			start <= (unsigned long)lo && end >= (unsigned long)hi;
	fclose(f);
	return found;
}

/*
 * With the stand-in mapped, does a page of the writer's merge with it,
 * and only without -s?  Otherwise the phases would not measure what they
 * say they do.
 */
static void check_layout(void)
{
	char *p = map_at(FAULT_ADDR - page_size, page_size, writer_flags,
			 "mmap layout probe");
	int merged = one_vma(p, FAULT_ADDR + page_size);

	munmap(p, page_size);
	if (merged == !!(writer_flags & MAP_NORESERVE)) {
		fprintf(stderr, "fault_contention: the writer's page %s the faulting thread's mapping: the kernel %s VMAs other than this benchmark expects\n",
			merged ? "merged with" : "did not merge with",
			merged ? "merges" : "does not merge");
		exit(1);
	}
}

/* Touch every page of a fresh mapping, unmap it, repeat. */
static void *faulter(void *arg)
{
	struct count *c = arg;

	while (!stopping()) {
		char *p = map_at(FAULT_ADDR, FAULT_REGION, region_flags,
				 "mmap fault region");
		unsigned long off;

		for (off = 0; off < FAULT_REGION; off += page_size) {
			if (file_reads)
				COUNT_OP(c, (void)*(volatile char *)(p + off));
			else
				COUNT_OP(c, p[off] = 1);
			if (stopping())
				break;
		}
		munmap(p, FAULT_REGION);
	}
	return NULL;
}

/* Minor faults of the calling thread so far. */
static unsigned long thread_minflt(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		die("getrusage");
	return ru.ru_minflt;
}

/*
 * -b: after the first-touch pass (not counted), the writes fault only
 * where the scanner has made a page inaccessible: count the faults.
 */
static void *numa_faulter(void *arg)
{
	struct count *c = arg;
	char *p = map_at(FAULT_ADDR, FAULT_REGION, MAP_PRIVATE | MAP_ANONYMOUS,
			 "mmap fault region");
	unsigned long off, pass = 0, flt;
	double t0;

	for (off = 0; off < FAULT_REGION && !stopping(); off += page_size)
		p[off] = 1;
	flt = thread_minflt();
	t0 = now();
	atomic_store(&counting, 1);
	while (!stopping()) {
		pass++;
		for (off = 0; off < FAULT_REGION && !stopping(); off += page_size)
			p[off] = (char)pass;
	}
	atomic_store(&counting, 0);
	c->busy = now() - t0;
	c->n = thread_minflt() - flt;
	munmap(p, FAULT_REGION);
	return NULL;
}

/* Write, page out, and let a child read back into the swap cache. */
static void swap_to_cache(char *p)
{
	unsigned long off;
	int status;
	pid_t pid;

	for (off = 0; off < SWAP_REGION; off += page_size)
		p[off] = 1;
	if (madvise(p, SWAP_REGION, MADV_PAGEOUT))
		die("MADV_PAGEOUT");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		for (off = 0; off < SWAP_REGION; off += page_size)
			(void)*(volatile char *)(p + off);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || status)
		die("swap-in child");
}

/* -w: read pages that are in the swap cache, then set them up again. */
static void *swap_faulter(void *arg)
{
	struct count *c = arg;
	char *p = mmap(NULL, SWAP_REGION, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long off;
	double t0;

	if (p == MAP_FAILED)
		die("mmap swap region");
	madvise(p, SWAP_REGION, MADV_NOHUGEPAGE);
	while (!stopping()) {
		swap_to_cache(p);
		t0 = now();
		atomic_store(&counting, 1);
		for (off = 0; off < SWAP_REGION && !stopping(); off += page_size)
			COUNT_OP(c, (void)*(volatile char *)(p + off));
		atomic_store(&counting, 0);
		c->busy += now() - t0;
	}
	munmap(p, SWAP_REGION);
	return NULL;
}

static void *mmap_writer(void *arg)
{
	struct count *c = arg;

	while (!stopping()) {
		char *p = map_at(FAULT_ADDR - page_size, page_size,
				 writer_flags, "mmap writer");

		munmap(p, page_size);
		count_op(c);
	}
	return NULL;
}

static void *mprotect_writer(void *arg)
{
	struct count *c = arg;
	char *p = map_at(FAULT_ADDR - 2 * page_size, 2 * page_size,
			 writer_flags, "mmap mprotect region");

	while (!stopping()) {
		if (mprotect(p, page_size, PROT_READ) ||
		    mprotect(p, page_size, PROT_READ | PROT_WRITE))
			die("mprotect");
		count_op(c);
	}
	munmap(p, 2 * page_size);
	return NULL;
}

static int uffd_pair(int fd, struct uffdio_register *reg)
{
	return ioctl(fd, UFFDIO_REGISTER, reg) ||
	       ioctl(fd, UFFDIO_UNREGISTER, &reg->range);
}

/* Register a two-page mapping (one page present) and unregister it. */
static void *uffd_writer(void *arg)
{
	struct count *c = arg;
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	int fd = syscall(__NR_userfaultfd, O_CLOEXEC), err = 0;
	char *p = map_at(FAULT_ADDR - 2 * page_size, 2 * page_size,
			 writer_flags, "mmap uffd region");

	if (fd < 0 || ioctl(fd, UFFDIO_API, &api))
		die("userfaultfd");
	p[0] = 1;
	reg.range.start = (unsigned long)p;
	reg.range.len = 2 * page_size;
	while (!err && !stopping())
		COUNT_OP(c, err = uffd_pair(fd, &reg));
	if (err)
		die("UFFDIO_REGISTER/UNREGISTER");
	close(fd);
	munmap(p, 2 * page_size);
	return NULL;
}

/* -b: run a thread on the @nth CPU this process may use. */
static void pin(pthread_attr_t *attr, int nth)
{
	cpu_set_t allowed, one;
	int cpu;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		die("sched_getaffinity");
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &allowed) && nth-- == 0)
			break;
	if (cpu == CPU_SETSIZE) {
		fprintf(stderr, "fault_contention: -b needs two CPUs\n");
		exit(1);
	}
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	errno = pthread_attr_setaffinity_np(attr, sizeof(one), &one);
	if (errno)
		die("pthread_attr_setaffinity_np");
}

static void run_phase(struct phase *ph, int round, double seconds)
{
	void *(*const writers[])(void *) = {
		[W_MMAP] = mmap_writer, [W_MPROTECT] = mprotect_writer,
		[W_UFFD] = uffd_writer,
	};
	struct count faults = { .timed = ph->writer == W_UFFD };
	struct count ops = faults;
	char *standin = NULL;
	pthread_attr_t fattr, wattr;
	pthread_t ft, wt;
	double t0, t;

	struct timespec nap = {
		.tv_sec = (time_t)seconds,
		.tv_nsec = (long)((seconds - (time_t)seconds) * 1e9),
	};

	if (!ph->faulter && !swap_mode) {
		standin = map_at(FAULT_ADDR, FAULT_REGION, region_flags,
				 "mmap stand-in");
		/* -f read: a write would give it the anon_vma the faulter's lacks. */
		if (file_reads)
			(void)*(volatile char *)standin;
		else
			standin[0] = 1;
		check_layout();
	}
	atomic_store(&stop, 0);
	pthread_attr_init(&fattr);
	pthread_attr_init(&wattr);
	if (numa_mode) {
		pin(&fattr, 0);
		pin(&wattr, 1);
	}
	atomic_store(&counting, !((swap_mode || numa_mode) && ph->faulter));
	t0 = now();
	if (ph->faulter &&
	    pthread_create(&ft, &fattr, swap_mode ? swap_faulter :
			   numa_mode ? numa_faulter : faulter, &faults))
		die("pthread_create");
	if (ph->writer != W_NONE &&
	    pthread_create(&wt, &wattr, writers[ph->writer], &ops))
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
	if (standin)
		munmap(standin, FAULT_REGION);
	pthread_attr_destroy(&fattr);
	pthread_attr_destroy(&wattr);
	/* -w, -b: both counted only while the faulting thread counted. */
	if ((swap_mode || numa_mode) && ph->faulter)
		t = faults.busy;
	ph->faults[round] = t > 0 ? faults.n / t : 0;
	ph->ops[round] = t > 0 ? ops.n / t : 0;
	if (faults.timed && ph->faulter)
		printf("latency %s round %d: worst fault %.0f us\n",
		       ph->name, round + 1, faults.worst * 1e6);
	if (ops.timed)
		printf("latency %s round %d: writer op mean %.1f us, worst %.0f us\n",
		       ph->name, round + 1, ops.n ? t / ops.n * 1e6 : 0,
		       ops.worst * 1e6);
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
	fprintf(stderr, "usage: %s [-s|-w|-b|-f read|cow|shared] [-n SUFFIX] [-r ROUNDS (1-%d)] [-t SECONDS per phase (0-3600)] [mmap|mprotect|uffd...]\n",
		prog, MAX_ROUNDS);
	exit(2);
}

/*
 * -f: a memfd of FILE_SIZE, written through so that every page is in the
 * page cache before the first fault.  Returns the phase suffix of @kind,
 * or NULL if there is no such kind.
 */
static const char *setup_file(const char *kind)
{
	static const struct {
		const char *kind, *suffix;
		int flags, reads;
	} kinds[] = {
		{ "read", "@file", MAP_PRIVATE, 1 },
		{ "cow", "@file-cow", MAP_PRIVATE, 0 },
		{ "shared", "@tmpfs", MAP_SHARED, 0 },
	};
	static char buf[1 << 16];
	unsigned int k;
	off_t done;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]) &&
		    strcmp(kind, kinds[k].kind); k++)
		;
	if (k == sizeof(kinds) / sizeof(kinds[0]))
		return NULL;
	region_flags = kinds[k].flags;
	file_reads = kinds[k].reads;
	writer_flags = region_flags | MAP_FIXED_NOREPLACE;
	file_fd = memfd_create("fault_contention", MFD_CLOEXEC);
	if (file_fd < 0)
		die("memfd_create");
	memset(buf, 1, sizeof(buf));
	for (done = 0; done < (off_t)FILE_SIZE; done += sizeof(buf))
		if (write(file_fd, buf, sizeof(buf)) != sizeof(buf))
			die("writing the -f file");
	return kinds[k].suffix;
}

/* Marks the phases of the writers named in @names, or all of them. */
static void select_phases(char **names, int n, const char *prog)
{
	unsigned int i;
	int w, j;

	for (i = 0; i < NR_PHASES; i++)
		phases[i].selected = !n || phases[i].writer == W_NONE;
	for (j = 0; j < n; j++) {
		for (w = W_MMAP; w < NR_WRITERS && strcmp(names[j], writer_names[w]); w++)
			;
		if (w == NR_WRITERS) {
			fprintf(stderr, "%s: unknown writer '%s' (known: mmap mprotect uffd)\n",
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
	const char *suffix = "", *name = NULL, *kind = NULL;
	char *end;
	unsigned int i;

	while ((opt = getopt(argc, argv, "swbf:n:r:t:")) != -1) {
		switch (opt) {
		case 's':
			writer_flags |= MAP_NORESERVE;
			suffix = "@sep";
			break;
		case 'w':
			swap_mode = 1;
			suffix = "@swap";
			break;
		case 'b':
			numa_mode = 1;
			suffix = "@numa";
			break;
		case 'f':
			kind = optarg;
			break;
		case 'n':
			name = optarg;
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
	if (rounds < 1 || rounds > MAX_ROUNDS || !(seconds > 0 && seconds <= 3600) ||
	    swap_mode + numa_mode + !!(writer_flags & MAP_NORESERVE) + !!kind > 1)
		usage(argv[0]);
	select_phases(argv + optind, argc - optind, argv[0]);
	page_size = sysconf(_SC_PAGESIZE);
	if (kind) {
		suffix = setup_file(kind);
		if (!suffix) {
			fprintf(stderr, "%s: unknown -f kind '%s' (known: read cow shared)\n",
				argv[0], kind);
			exit(2);
		}
	}
	if (name)
		suffix = name;

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
