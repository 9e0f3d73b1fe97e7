// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU TCG plugin for harness/cost-profile.sh: counts how often each guest
 * kernel instruction runs, and writes all the counts so far each time the
 * instruction at trigger=ADDRESS runs (the guest calls sync(2) between the
 * phases of a run), and once more at exit.  Consecutive dumps differ by
 * what one phase ran.  With -icount the counts are exact, as is the guest
 * clock; the plugin does not change what the guest executes.
 *
 * Built against QEMU's plugin ABI version 1 (QEMU 7.2, Debian 12), which
 * has no packaged header: the few declarations it uses are spelled out.
 *
 *   -plugin insn_profile.so,trigger=0xffffffff81234560,out=FILE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_info_t;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
		void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
		enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
		void (*cb)(unsigned int, void *), enum qemu_plugin_cb_flags flags,
		void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
		void (*cb)(qemu_plugin_id_t, void *), void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* Kernel text only: user space differs between runs and is not ours. */
#define KERNEL_START	0xffff800000000000ull
#define TABLE_BITS	22

struct counter {
	uint64_t vaddr;
	uint64_t count;
};

/* Open addressing; an entry never moves, so QEMU may keep its address. */
static struct counter *table;
static uint64_t trigger;
static FILE *out;
static int dumps;

static struct counter *counter_of(uint64_t vaddr)
{
	uint64_t mask = (1ull << TABLE_BITS) - 1;
	uint64_t i = (vaddr * 0x9e3779b97f4a7c15ull) >> (64 - TABLE_BITS);

	for (;; i = (i + 1) & mask) {
		if (table[i].vaddr == vaddr)
			return &table[i];
		if (!table[i].vaddr) {
			table[i].vaddr = vaddr;
			return &table[i];
		}
	}
}

static void dump(unsigned int vcpu, void *udata)
{
	uint64_t i;

	fprintf(out, "dump %d\n", dumps++);
	for (i = 0; i < (1ull << TABLE_BITS); i++)
		if (table[i].count)
			fprintf(out, "%llx %llu\n",
				(unsigned long long)table[i].vaddr,
				(unsigned long long)table[i].count);
	fflush(out);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	dump(0, NULL);
	fclose(out);
}

static void translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t vaddr = qemu_plugin_insn_vaddr(insn);

		if (vaddr < KERNEL_START)
			continue;
		qemu_plugin_register_vcpu_insn_exec_inline(insn,
				QEMU_PLUGIN_INLINE_ADD_U64,
				&counter_of(vaddr)->count, 1);
		if (vaddr == trigger)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, dump,
					QEMU_PLUGIN_CB_NO_REGS, NULL);
	}
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info,
			int argc, char **argv)
{
	const char *path = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "trigger=", 8))
			trigger = strtoull(argv[i] + 8, NULL, 0);
		else if (!strncmp(argv[i], "out=", 4))
			path = argv[i] + 4;
	}
	if (!trigger || !path) {
		fprintf(stderr, "insn_profile: needs trigger=ADDRESS and out=FILE\n");
		return -1;
	}
	table = calloc(1ull << TABLE_BITS, sizeof(*table));
	out = fopen(path, "w");
	if (!table || !out) {
		perror("insn_profile");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, translate);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
