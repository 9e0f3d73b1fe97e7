// SPDX-License-Identifier: GPL-2.0
/*
 * op_cost: what one fault or one mmap_lock writer costs, as fixed work
 * rather than fixed time.  Meant for a guest whose clock counts
 * instructions (QEMU -icount, see "BENCH_MODE=cost make bench"): there a
 * nanosecond of CLOCK_MONOTONIC is one guest instruction, and the same
 * work reads as nearly the same time however loaded the host is.
 *
 * Each operation runs in a child process of its own (a fresh mm, so one
 * operation's VMAs and page tables do not shape another's), first once
 * untimed as a warm-up, then ROUNDS times.  Only the operation is
 * inside the clock; its set-up (touching pages again, forking the child
 * that shares them, building VMAs) is outside it.  Deferred work that
 * the operations queue (RCU callbacks freeing VMAs, page-table pages)
 * runs in the softirqs and kthreads of the one vCPU while the loop runs,
 * so in steady state it is inside the measured time; the batches are
 * long (thousands of operations) so that the part left over at the end
 * of a batch is small.
 *
 * Faults are counted with getrusage(): "ns per fault" is the time over
 * the minor faults the batch took, so fault-around (file mappings map up
 * to 16 pages per fault) and huge pages do not skew it.
 *
 *   fault        write fault on an anonymous page whose page table exists
 *                (the region was written once and dropped with
 *                MADV_DONTNEED)
 *   fault-table  write fault that needs a new PTE table: one page per
 *                2 MiB of a fresh mapping (MADV_NOHUGEPAGE)
 *   cow          write fault on an anonymous page shared with a child
 *                after fork
 *   file-read    read fault on a tmpfs page that is in the page cache
 *                (MAP_SHARED, the page table exists)
 *   file-cow     write fault on a private mapping of the same kind of
 *                page: a copy of it (the page table exists)
 *   tmpfs-write  write fault on a shared mapping of the same kind of
 *                page: the page itself, made writable and dirty
 *   mmap         mmap + munmap of 4 KiB, untouched
 *   mprotect     mprotect of the first page of a two-page mapping,
 *                read-only (a split) and back (a merge), per call
 *   brk          grow the heap by 128 KiB and shrink it back
 *   mremap       move 4 written pages to another address and back (per call)
 *   madvise      MADV_DONTNEED of 16 written pages
 *   fork         fork + exit + wait of a process with NR_VMAS VMAs
 *   exit         exit + wait of a child with 2 * NR_VMAS VMAs (children
 *                built first, then let go and reaped back to back)
 *   uffd         UFFDIO_REGISTER + UFFDIO_UNREGISTER of 4 KiB
 *   uffd-split   the same of the first two pages of a written 64-page
 *                mapping (a split and a merge, as fault_contention's
 *                uffd writer does)
 *
 * "op_cost [-r ROUNDS] [-n SCALE] [OP...]" prints "result cost:OP ROUND
 * NS_PER_OP" lines for scripts (and for faults the speculative share and
 * the aborts by reason, see print_counters()), then the median and
 * min-max of each operation; -n multiplies every batch; -l lists the
 * operations.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define NR_VMAS		2000
#define HUGE		(2UL << 20)

static long page_size;
static int scale = 1;

/* Nanoseconds of CLOCK_MONOTONIC, as a double for the arithmetic. */
static double ns(void)
{
	return now() * 1e9;
}

/* Waits for @pid (-1: any child) and exits unless it exited with 0. */
static void reap(pid_t pid)
{
	int status = 0;

	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "op_cost: a child failed (status %#x)\n", status);
		exit(1);
	}
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static char *map_anon(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

static void touch(char *p, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += page_size)
		p[off] = 1;
}

/* Times touch() of @len at @p, in ns per fault taken. */
static double time_faults(char *p, size_t len, int write)
{
	volatile char *v = p;
	long f = minflt();
	double t = ns();
	size_t off;

	for (off = 0; off < len; off += page_size) {
		if (write)
			v[off] = 2;
		else
			(void)v[off];
	}
	t = ns() - t;
	f = minflt() - f;
	if (f <= 0) {
		fprintf(stderr, "op_cost: the batch took no faults\n");
		exit(1);
	}
	return t / f;
}

static double op_fault(void)
{
	static char *p;
	size_t len = 4096 * scale * page_size;

	if (!p) {
		p = map_anon(len);
		if (madvise(p, len, MADV_NOHUGEPAGE))
			die("madvise");
		touch(p, len);
	}
	if (madvise(p, len, MADV_DONTNEED))
		die("madvise");
	return time_faults(p, len, 1);
}

static double op_fault_table(void)
{
	size_t len = 1024 * scale * HUGE, off;
	char *p = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0), *q;
	volatile char *v;
	double t;
	long f;

	if (p == MAP_FAILED)
		die("mmap");

	/* 2 MiB aligned, so that every touch is in a range of its own. */
	q = (char *)(((unsigned long)p + HUGE - 1) & ~(HUGE - 1));
	v = q;
	if (madvise(q, len, MADV_NOHUGEPAGE))
		die("madvise");
	q[0] = 1;	/* the VMA's anon_vma, outside the clock */
	f = minflt();
	t = ns();
	for (off = HUGE; off < len; off += HUGE)
		v[off] = 1;
	t = ns() - t;
	f = minflt() - f;
	if (munmap(p, len + HUGE))
		die("munmap");
	if (f <= 0) {
		fprintf(stderr, "op_cost: the batch took no faults\n");
		exit(1);
	}
	return t / f;
}

static char *cow_area;

static double op_cow(void)
{
	size_t len = 2048 * scale * page_size;
	int go[2];
	double cost;
	pid_t pid;
	char c;

	if (!cow_area) {
		cow_area = map_anon(len);
		madvise(cow_area, len, MADV_NOHUGEPAGE);
	}
	touch(cow_area, len);
	minflt();	/* its stack, written once before the fork */
	if (pipe(go))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		close(go[1]);
		if (read(go[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(go[0]);
	cost = time_faults(cow_area, len, 1);
	close(go[1]);
	reap(pid);
	return cost;
}

/* A tmpfs file of @len bytes, every page in the page cache, mapped. */
static char *map_cached_file(size_t len, int flags)
{
	char path[] = "/tmp/op_cost.XXXXXX";
	int fd = mkstemp(path);
	char *p;

	if (fd < 0)
		die("mkstemp /tmp");
	unlink(path);
	if (ftruncate(fd, len))
		die("ftruncate");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap tmpfs");
	touch(p, len);	/* every page in the page cache */
	if (flags != MAP_SHARED) {
		munmap(p, len);
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, 0);
		if (p == MAP_FAILED)
			die("mmap tmpfs");
	}
	close(fd);
	return p;
}

static double op_file_read(void)
{
	static char *p;
	size_t len = 4096 * scale * page_size;

	if (!p)
		p = map_cached_file(len, MAP_SHARED);
	if (madvise(p, len, MADV_DONTNEED))
		die("madvise");
	return time_faults(p, len, 0);
}

static double op_file_cow(void)
{
	static char *p;
	size_t len = 4096 * scale * page_size;

	if (!p) {
		p = map_cached_file(len, MAP_PRIVATE);
		touch(p, len);	/* the page table, and the VMA's anon_vma */
	}
	if (madvise(p, len, MADV_DONTNEED))
		die("madvise");
	return time_faults(p, len, 1);
}

static double op_tmpfs_write(void)
{
	static char *p;
	size_t len = 4096 * scale * page_size;

	if (!p)
		p = map_cached_file(len, MAP_SHARED);
	if (madvise(p, len, MADV_DONTNEED))
		die("madvise");
	return time_faults(p, len, 1);
}

static double op_mmap(void)
{
	int i, n = 10000 * scale;
	double t = ns();

	for (i = 0; i < n; i++) {
		void *p = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		munmap(p, page_size);
	}
	return (ns() - t) / n;
}

static double op_mprotect(void)
{
	static char *p;
	int i, n = 5000 * scale;
	double t;

	if (!p) {
		p = map_anon(2 * page_size);
		touch(p, 2 * page_size);
	}
	t = ns();
	for (i = 0; i < n; i++) {
		if (mprotect(p, page_size, PROT_READ) ||
		    mprotect(p, page_size, PROT_READ | PROT_WRITE))
			die("mprotect");
	}
	return (ns() - t) / (2 * n);
}

static double op_brk(void)
{
	unsigned long base = syscall(SYS_brk, 0), chunk = 128 << 10;
	int i, n = 10000 * scale;
	double t = ns();

	for (i = 0; i < n; i++) {
		if ((unsigned long)syscall(SYS_brk, base + chunk) != base + chunk ||
		    (unsigned long)syscall(SYS_brk, base) != base)
			die("brk");
	}
	return (ns() - t) / n;
}

static double op_mremap(void)
{
	static char *a, *b;
	size_t len = 4 * page_size;
	int i, n = 5000 * scale;
	double t;

	if (!a) {
		/* Two slots with a guard between, so that nothing merges. */
		a = map_anon(3 * len);
		b = a + 2 * len;
		munmap(a + len, len);
		munmap(b, len);
		touch(a, len);
	}
	t = ns();
	for (i = 0; i < n; i++) {
		if (mremap(a, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, b) == MAP_FAILED ||
		    mremap(b, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, a) == MAP_FAILED)
			die("mremap");
	}
	return (ns() - t) / (2 * n);
}

static double op_madvise(void)
{
	static char *p;
	size_t len = 16 * page_size;
	int i, n = 1000 * scale;
	double t = 0, s;

	if (!p) {
		p = map_anon(len);
		if (madvise(p, len, MADV_NOHUGEPAGE))
			die("madvise");
	}
	for (i = 0; i < n; i++) {
		touch(p, len);
		s = ns();
		if (madvise(p, len, MADV_DONTNEED))
			die("madvise");
		t += ns() - s;
	}
	return t / n;
}

/* NR_VMAS VMAs: alternate pages of one mapping made read-only. */
static void make_vmas(void)
{
	char *p = map_anon(NR_VMAS * page_size);
	long i;

	for (i = 0; i < NR_VMAS; i += 2) {
		p[i * page_size] = 1;
		if (mprotect(p + (i + 1) * page_size, page_size, PROT_READ))
			die("mprotect");
	}
}

static double op_fork(void)
{
	static int made;
	int i, n = 20 * scale;
	double t;

	if (!made++)
		make_vmas();
	t = ns();
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid)
			_exit(0);
		reap(pid);
	}
	return (ns() - t) / n;
}

/*
 * The children are built first and then let go and reaped back to back,
 * so that the VMAs one exit frees after a grace period are freed while
 * the next exits run, inside the clock, as in the other loops.
 */
static double op_exit(void)
{
	static int made;
	int i, n = 20 * scale, ready[2], go[2];
	double t;
	char c;

	if (!made++)
		make_vmas();
	if (pipe(ready) || pipe(go))
		die("pipe");
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid) {
			close(ready[0]);
			close(go[1]);
			make_vmas();
			if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
				_exit(1);
			_exit(0);
		}
	}
	close(ready[1]);
	close(go[0]);
	for (i = 0; i < n; i++) {
		if (read(ready[0], &c, 1) != 1) {
			fprintf(stderr, "op_cost: an exit child died before it was ready\n");
			exit(1);
		}
	}
	t = ns();
	for (i = 0; i < n; i++) {
		if (write(go[1], "g", 1) != 1)
			die("write");
		reap(-1);	/* whichever child read it */
	}
	t = ns() - t;
	close(ready[0]);
	close(go[1]);
	return t / n;
}

/* A userfaultfd ready for UFFDIO_REGISTER. */
static int uffd_open(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	int fd = syscall(SYS_userfaultfd, O_CLOEXEC);

	if (fd < 0 || ioctl(fd, UFFDIO_API, &api))
		die("userfaultfd");
	return fd;
}

/* @n register+unregister pairs of [@p, @p + @len), in ns per pair. */
static double uffd_pairs(int fd, char *p, size_t len, int n)
{
	struct uffdio_register reg = {
		.range = { .start = (unsigned long)p, .len = len },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	double t = ns();
	int i;

	for (i = 0; i < n; i++)
		if (ioctl(fd, UFFDIO_REGISTER, &reg) ||
		    ioctl(fd, UFFDIO_UNREGISTER, &reg.range))
			die("UFFDIO_REGISTER");
	return (ns() - t) / n;
}

static double op_uffd(void)
{
	static int fd = -1;
	static char *p;

	if (fd < 0) {
		fd = uffd_open();
		p = map_anon(page_size);
	}
	return uffd_pairs(fd, p, page_size, 5000 * scale);
}

static double op_uffd_split(void)
{
	static int fd = -1;
	static char *p;

	if (fd < 0) {
		fd = uffd_open();
		p = map_anon(64 * page_size);
		p[0] = 1;
		p[63 * page_size] = 1;
	}
	return uffd_pairs(fd, p, 2 * page_size, 2000 * scale);
}

/*
 * The share of faults handled without mmap_lock and the reasons for the
 * rest, from /proc/vmstat: the series' spf_* counters, or 6.12's
 * vma_lock_* ones (CONFIG_PER_VMA_LOCK_STATS).  Nothing else runs in the
 * guest, so the counts are the batches' own.
 */
#define NR_COUNTERS	64

struct counters {
	int n;
	char name[NR_COUNTERS][48];
	long value[NR_COUNTERS];
};

static void read_counters(struct counters *c)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char name[48];
	long value;

	c->n = 0;
	if (!f)
		return;
	while (c->n < NR_COUNTERS && fscanf(f, "%47s %ld", name, &value) == 2) {
		if (strcmp(name, "pgfault") && strncmp(name, "spf_", 4) &&
		    strncmp(name, "vma_lock_", 9))
			continue;
		strcpy(c->name[c->n], name);
		c->value[c->n++] = value;
	}
	fclose(f);
}

static long counter(const struct counters *c, const char *name, int *found)
{
	int i;

	for (i = 0; i < c->n; i++) {
		if (!strcmp(c->name[i], name)) {
			*found = 1;
			return c->value[i];
		}
	}
	*found = 0;
	return 0;
}

/* "result spf-share:cost:OP 1 SHARE" and the aborts by reason. */
static void print_counters(const char *op, const struct counters *a,
			   const struct counters *b)
{
	long d[NR_COUNTERS], faults, handled;
	int i, found;

	for (i = 0; i < b->n; i++)
		d[i] = b->value[i] - counter(a, b->name[i], &found);
	faults = counter(b, "pgfault", &found) - counter(a, "pgfault", &found);
	handled = counter(b, "spf_attempt", &found) - counter(a, "spf_attempt", &found);
	if (found) {
		handled -= counter(b, "spf_abort", &found) - counter(a, "spf_abort", &found);
	} else {
		handled = counter(b, "vma_lock_success", &found) -
			  counter(a, "vma_lock_success", &found);
		if (!found)
			return;
	}
	if (faults <= 0)
		return;
	printf("result spf-share:cost:%s 1 %.4f\n", op, (double)handled / faults);
	for (i = 0; i < b->n; i++) {
		if (d[i] > 0 && (!strncmp(b->name[i], "spf_abort_", 10) ||
				 !strcmp(b->name[i], "vma_lock_abort") ||
				 !strcmp(b->name[i], "vma_lock_retry") ||
				 !strcmp(b->name[i], "vma_lock_miss")))
			printf("result %s:cost:%s 1 %ld\n", b->name[i], op, d[i]);
	}
}

struct op {
	const char *name;
	double (*run)(void);
	const char *unit;
};

static const struct op ops[] = {
	{ "fault", op_fault, "ns/fault" },
	{ "fault-table", op_fault_table, "ns/fault" },
	{ "cow", op_cow, "ns/fault" },
	{ "file-read", op_file_read, "ns/fault" },
	{ "file-cow", op_file_cow, "ns/fault" },
	{ "tmpfs-write", op_tmpfs_write, "ns/fault" },
	{ "mmap", op_mmap, "ns/mmap+munmap" },
	{ "mprotect", op_mprotect, "ns/call" },
	{ "brk", op_brk, "ns/grow+shrink" },
	{ "mremap", op_mremap, "ns/call" },
	{ "madvise", op_madvise, "ns/call" },
	{ "fork", op_fork, "ns/fork+exit" },
	{ "exit", op_exit, "ns/exit" },
	{ "uffd", op_uffd, "ns/register+unregister" },
	{ "uffd-split", op_uffd_split, "ns/register+unregister" },
};
#define NR_OPS ((int)(sizeof(ops) / sizeof(ops[0])))

/*
 * Runs @op in a child: a warm-up, then @rounds timed batches, and prints
 * their costs and, for faults, what /proc/vmstat counted during them.
 */
static void run_op(const struct op *op, int rounds, double *cost)
{
	struct counters before, after;
	int fds[2], r;
	pid_t pid;

	if (pipe(fds))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		close(fds[0]);
		op->run();
		read_counters(&before);
		for (r = 0; r < rounds; r++) {
			double c = op->run();

			if (write(fds[1], &c, sizeof(c)) != sizeof(c))
				_exit(1);
		}
		read_counters(&after);
		if (strstr(op->unit, "fault"))
			print_counters(op->name, &before, &after);
		fflush(stdout);
		_exit(0);
	}
	close(fds[1]);
	for (r = 0; r < rounds; r++) {
		if (read(fds[0], &cost[r], sizeof(cost[r])) != sizeof(cost[r])) {
			fprintf(stderr, "op_cost: %s failed in round %d\n", op->name, r + 1);
			exit(1);
		}
	}
	close(fds[0]);
	reap(pid);
	for (r = 0; r < rounds; r++)
		printf("result cost:%s %d %.1f\n", op->name, r + 1, cost[r]);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	double cost[NR_OPS][MAX_ROUNDS];
	int selected[NR_OPS] = { 0 };
	int opt, i, j, any = 0;
	long rounds = 5, n = 1;
	char *end = "";

	while ((opt = getopt(argc, argv, "lr:n:")) != -1) {
		if (opt == 'l') {
			for (j = 0; j < NR_OPS; j++)
				printf("%s\n", ops[j].name);
			return 0;
		}
		if (opt == 'r')
			rounds = strtol(optarg, &end, 10);
		else if (opt == 'n')
			n = strtol(optarg, &end, 10);
		if (opt == '?' || *end || rounds < 1 || rounds > MAX_ROUNDS ||
		    n < 1 || n > 100) {
			fprintf(stderr, "usage: %s [-l] [-r ROUNDS (1-%d)] [-n SCALE of the batches (1-100)] [OP...]\n",
				argv[0], MAX_ROUNDS);
			return 2;
		}
	}
	for (i = optind; i < argc; i++) {
		for (j = 0; j < NR_OPS && strcmp(argv[i], ops[j].name); j++)
			;
		if (j == NR_OPS) {
			fprintf(stderr, "%s: unknown operation '%s' (known:", argv[0], argv[i]);
			for (j = 0; j < NR_OPS; j++)
				fprintf(stderr, " %s", ops[j].name);
			fprintf(stderr, ")\n");
			return 2;
		}
		selected[j] = any = 1;
	}
	page_size = sysconf(_SC_PAGESIZE);
	scale = n;

	for (j = 0; j < NR_OPS; j++)
		if (selected[j] || !any)
			run_op(&ops[j], rounds, cost[j]);

	printf("op_cost: %ld rounds per operation, median (min-max)\n", rounds);
	for (j = 0; j < NR_OPS; j++) {
		char buf[64];

		if (selected[j] || !any)
			printf("%-12s %-24s %s\n", ops[j].name, ops[j].unit,
			       bench_cell(cost[j], rounds, buf, sizeof(buf)));
	}
	return 0;
}
