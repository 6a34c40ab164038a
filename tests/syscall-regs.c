/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SYSCALL trap keeps the caller's registers, as Linux does: after a
 * `syscall` instruction only rax (the result), rcx (the return address)
 * and r11 (RFLAGS) may differ; every other general-purpose register,
 * rsp, RFLAGS itself, MXCSR and all sixteen xmm registers come back
 * unchanged. The arguments travel in rdi, rsi, rdx, r10, r8, r9.
 * The direct entry uk_syscall() agrees with the trap. So does the slow
 * exit of the trap, taken while a signal is pending, and the return
 * from a signal handler that ran at the end of the system call.
 *
 * The trap is issued by trap_syscall() below, in assembly, so that no
 * compiler-managed register is live across it.
 */
#include <uk/test.h>
#include <uk/syscall.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define ENOSYS_		38
#define EBADF_		9
#define EINVAL_		22
#define RFLAGS_CF	0x001
#define RFLAGS_PF	0x004
#define RFLAGS_ZF	0x040
#define RFLAGS_SF	0x080
#define RFLAGS_DF	0x400

/* Offsets are used by the assembly below: keep them in step. */
struct regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;	/*   0 */
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;		/*  64 */
	uint64_t rflags;					/* 128 */
	uint32_t mxcsr, pad;					/* 136 */
	uint64_t xmm[16][2];					/* 144 */
};

/*
 * void trap_syscall(struct regs *in, struct regs *out)
 *
 * Loads every register from @in (rflags: CF, PF, ZF, SF and DF are set
 * from in->rflags; in->rsp is ignored), executes `syscall`, and stores
 * every register into @out. in->rsp and in->rflags are overwritten with
 * the stack pointer and the flags at the moment of the trap. The
 * caller's callee-saved registers and MXCSR are restored on return.
 */
void trap_syscall(struct regs *in, struct regs *out);
extern const char trap_syscall_ret[];

__asm__(
	".pushsection .text\n"
	".globl trap_syscall\n"
	".type trap_syscall, @function\n"
	"trap_syscall:\n"
	"	push %rbx\n"
	"	push %rbp\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	sub $8, %rsp\n"
	"	stmxcsr (%rsp)\n"		/* the caller's MXCSR */
	"	push %rsi\n"			/* out */
	"	ldmxcsr 136(%rdi)\n"
	"	movdqu 144(%rdi), %xmm0\n"
	"	movdqu 160(%rdi), %xmm1\n"
	"	movdqu 176(%rdi), %xmm2\n"
	"	movdqu 192(%rdi), %xmm3\n"
	"	movdqu 208(%rdi), %xmm4\n"
	"	movdqu 224(%rdi), %xmm5\n"
	"	movdqu 240(%rdi), %xmm6\n"
	"	movdqu 256(%rdi), %xmm7\n"
	"	movdqu 272(%rdi), %xmm8\n"
	"	movdqu 288(%rdi), %xmm9\n"
	"	movdqu 304(%rdi), %xmm10\n"
	"	movdqu 320(%rdi), %xmm11\n"
	"	movdqu 336(%rdi), %xmm12\n"
	"	movdqu 352(%rdi), %xmm13\n"
	"	movdqu 368(%rdi), %xmm14\n"
	"	movdqu 384(%rdi), %xmm15\n"
	/* flags: take CF PF ZF SF DF from in->rflags, keep the rest */
	"	pushfq\n"
	"	andq $~0x4c5, (%rsp)\n"
	"	mov 128(%rdi), %rax\n"
	"	and $0x4c5, %rax\n"
	"	or %rax, (%rsp)\n"
	"	popfq\n"
	/* from here on, nothing may change the flags */
	"	mov %rsp, 56(%rdi)\n"
	"	pushfq\n"
	"	popq 128(%rdi)\n"
	"	mov 0(%rdi), %rax\n"
	"	mov 8(%rdi), %rbx\n"
	"	mov 16(%rdi), %rcx\n"
	"	mov 24(%rdi), %rdx\n"
	"	mov 32(%rdi), %rsi\n"
	"	mov 48(%rdi), %rbp\n"
	"	mov 64(%rdi), %r8\n"
	"	mov 72(%rdi), %r9\n"
	"	mov 80(%rdi), %r10\n"
	"	mov 88(%rdi), %r11\n"
	"	mov 96(%rdi), %r12\n"
	"	mov 104(%rdi), %r13\n"
	"	mov 112(%rdi), %r14\n"
	"	mov 120(%rdi), %r15\n"
	"	mov 40(%rdi), %rdi\n"
	"	syscall\n"
	".globl trap_syscall_ret\n"
	"trap_syscall_ret:\n"
	"	pushfq\n"			/* 0: flags after, 8: out */
	"	cld\n"
	"	xchg %rdi, 8(%rsp)\n"	/* rdi = out; 8: rdi after */
	"	mov %rax, 0(%rdi)\n"
	"	mov %rbx, 8(%rdi)\n"
	"	mov %rcx, 16(%rdi)\n"
	"	mov %rdx, 24(%rdi)\n"
	"	mov %rsi, 32(%rdi)\n"
	"	mov %rbp, 48(%rdi)\n"
	"	mov %r8, 64(%rdi)\n"
	"	mov %r9, 72(%rdi)\n"
	"	mov %r10, 80(%rdi)\n"
	"	mov %r11, 88(%rdi)\n"
	"	mov %r12, 96(%rdi)\n"
	"	mov %r13, 104(%rdi)\n"
	"	mov %r14, 112(%rdi)\n"
	"	mov %r15, 120(%rdi)\n"
	"	mov 8(%rsp), %rax\n"
	"	mov %rax, 40(%rdi)\n"
	"	mov 0(%rsp), %rax\n"
	"	mov %rax, 128(%rdi)\n"
	"	lea 8(%rsp), %rax\n"	/* rsp right after the trap */
	"	mov %rax, 56(%rdi)\n"
	"	stmxcsr 136(%rdi)\n"
	"	movdqu %xmm0, 144(%rdi)\n"
	"	movdqu %xmm1, 160(%rdi)\n"
	"	movdqu %xmm2, 176(%rdi)\n"
	"	movdqu %xmm3, 192(%rdi)\n"
	"	movdqu %xmm4, 208(%rdi)\n"
	"	movdqu %xmm5, 224(%rdi)\n"
	"	movdqu %xmm6, 240(%rdi)\n"
	"	movdqu %xmm7, 256(%rdi)\n"
	"	movdqu %xmm8, 272(%rdi)\n"
	"	movdqu %xmm9, 288(%rdi)\n"
	"	movdqu %xmm10, 304(%rdi)\n"
	"	movdqu %xmm11, 320(%rdi)\n"
	"	movdqu %xmm12, 336(%rdi)\n"
	"	movdqu %xmm13, 352(%rdi)\n"
	"	movdqu %xmm14, 368(%rdi)\n"
	"	movdqu %xmm15, 384(%rdi)\n"
	"	add $16, %rsp\n"
	"	ldmxcsr (%rsp)\n"
	"	add $8, %rsp\n"
	"	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbp\n"
	"	pop %rbx\n"
	"	ret\n"
	".size trap_syscall, . - trap_syscall\n"
	".popsection\n");

/* Distinct, recognizable values for every register. */
static void fill(struct regs *r, long nr)
{
	uint64_t *w = (uint64_t *)r;

	for (size_t i = 0; i < offsetof(struct regs, rflags) / 8; i++)
		w[i] = 0x5eed000000000000ULL | (i + 1) << 32 | (i * 0x01010101);
	for (int i = 0; i < 16; i++) {
		r->xmm[i][0] = 0x1111111111111111ULL * (i + 1) ^ 0xa5;
		r->xmm[i][1] = 0xfedcba9876543210ULL ^ ((uint64_t)i << 56);
	}
	r->rax = nr;
	r->rflags = RFLAGS_CF | RFLAGS_PF | RFLAGS_SF | RFLAGS_DF;
	r->mxcsr = 0x3f80;		/* all masked, round down */
	r->pad = 0;
}

static void show_xmm(int i, const uint64_t *was, const uint64_t *now)
{
	uk_test_diag("xmm%d changed: %016llx%016llx -> %016llx%016llx\n", i,
		     (unsigned long long)was[1], (unsigned long long)was[0],
		     (unsigned long long)now[1], (unsigned long long)now[0]);
}

/* Checks that everything but rax, rcx and r11 survived the trap. */
static void expect_preserved(const struct regs *in, const struct regs *out)
{
	UK_TEST_EXPECT_UEQ(out->rbx, in->rbx);
	UK_TEST_EXPECT_UEQ(out->rdx, in->rdx);
	UK_TEST_EXPECT_UEQ(out->rsi, in->rsi);
	UK_TEST_EXPECT_UEQ(out->rdi, in->rdi);
	UK_TEST_EXPECT_UEQ(out->rbp, in->rbp);
	UK_TEST_EXPECT_UEQ(out->rsp, in->rsp);
	UK_TEST_EXPECT_UEQ(out->r8, in->r8);
	UK_TEST_EXPECT_UEQ(out->r9, in->r9);
	UK_TEST_EXPECT_UEQ(out->r10, in->r10);
	UK_TEST_EXPECT_UEQ(out->r12, in->r12);
	UK_TEST_EXPECT_UEQ(out->r13, in->r13);
	UK_TEST_EXPECT_UEQ(out->r14, in->r14);
	UK_TEST_EXPECT_UEQ(out->r15, in->r15);
	UK_TEST_EXPECT_UEQ(out->mxcsr, in->mxcsr);
	for (int i = 0; i < 16; i++)
		if (!UK_TEST_EXPECT_MEM_EQ(out->xmm[i], in->xmm[i], 16))
			show_xmm(i, in->xmm[i], out->xmm[i]);
	/* Linux: rcx = return address, r11 = RFLAGS at the trap */
	UK_TEST_EXPECT_UEQ(out->rcx, (uintptr_t)trap_syscall_ret);
	UK_TEST_EXPECT_UEQ(out->r11, in->rflags);
	/* and the flags themselves come back: CF, DF ... still set */
	UK_TEST_EXPECT_UEQ(out->rflags, in->rflags);
}

static struct regs in, out;

UK_TESTCASE(syscall_regs, getppid_keeps_registers)
{
	fill(&in, UK_NR_getppid);
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(out.rax, uk_syscall(UK_NR_getppid));
	UK_TEST_EXPECT(in.rflags & RFLAGS_CF);
	UK_TEST_EXPECT(in.rflags & RFLAGS_DF);
	expect_preserved(&in, &out);
}

UK_TESTCASE(syscall_regs, enosys_keeps_registers)
{
	fill(&in, 999);
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(out.rax, -ENOSYS_);
	expect_preserved(&in, &out);
	UK_TEST_EXPECT_EQ(uk_syscall(999), -ENOSYS_);
}

/* A number Linux reserves but never implements: ENOSYS by name. */
UK_TESTCASE(syscall_regs, reserved_number_is_enosys)
{
	fill(&in, UK_NR_tuxcall);
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(out.rax, -ENOSYS_);
	expect_preserved(&in, &out);
	UK_TEST_EXPECT_EQ(uk_syscall(UK_NR_tuxcall), -ENOSYS_);
	UK_TEST_EXPECT_STR_EQ(uk_syscall_name(UK_NR_tuxcall), "tuxcall");
}

UK_TESTCASE(syscall_regs, negative_number_is_enosys)
{
	fill(&in, -1);
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(out.rax, -ENOSYS_);
	expect_preserved(&in, &out);
}

UK_TESTCASE(syscall_regs, flags_clear_come_back_clear)
{
	fill(&in, UK_NR_getppid);
	in.rflags = RFLAGS_ZF;		/* CF, DF, SF, PF clear */
	trap_syscall(&in, &out);
	UK_TEST_EXPECT(!(in.rflags & (RFLAGS_CF | RFLAGS_DF)));
	expect_preserved(&in, &out);
}

/* The arguments arrive: rdi, rsi for clock_gettime. */
UK_TESTCASE(syscall_regs, arguments_rdi_rsi)
{
	struct timespec ts = { -1, -1 };

	fill(&in, UK_NR_clock_gettime);
	in.rdi = CLOCK_MONOTONIC;
	in.rsi = (uintptr_t)&ts;
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(out.rax, 0);
	UK_TEST_EXPECT_GE(ts.tv_sec, 0);
	UK_TEST_EXPECT(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
	expect_preserved(&in, &out);
}

/*
 * The six arguments of mmap, each changed alone so that a swapped or
 * dropped register shows: r10 (flags), r8 (fd), r9 (offset).
 */
UK_TESTCASE(syscall_regs, arguments_r10_r8_r9)
{
	const long prot = 0x3, priv_anon = 0x22, priv = 0x02;
	long direct;

	fill(&in, UK_NR_mmap);
	in.rdi = 0;
	in.rsi = 4096;
	in.rdx = prot;
	in.r10 = priv_anon;
	in.r8 = -1;
	in.r9 = 0;
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_GT(out.rax, 0);
	UK_TEST_EXPECT_EQ(out.rax & 4095, 0);
	expect_preserved(&in, &out);
	if ((long)out.rax > 0) {
		memset((void *)out.rax, 0x5a, 4096);
		UK_TEST_EXPECT_EQ(uk_syscall(UK_NR_munmap, out.rax, 4096), 0);
	}

	/* not anonymous, fd -1: EBADF, so r10 and r8 were read */
	fill(&in, UK_NR_mmap);
	in.rdi = 0;
	in.rsi = 4096;
	in.rdx = prot;
	in.r10 = priv;
	in.r8 = -1;
	in.r9 = 0;
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(out.rax, -EBADF_);
	expect_preserved(&in, &out);
	direct = uk_syscall(UK_NR_mmap, 0, 4096, prot, priv, -1, 0);
	UK_TEST_EXPECT_EQ(direct, -EBADF_);

	/* an offset that is not page aligned: EINVAL, so r9 was read */
	fill(&in, UK_NR_mmap);
	in.rdi = 0;
	in.rsi = 4096;
	in.rdx = prot;
	in.r10 = priv_anon;
	in.r8 = -1;
	in.r9 = 1;
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(out.rax, -EINVAL_);
	expect_preserved(&in, &out);
	direct = uk_syscall(UK_NR_mmap, 0, 4096, prot, priv_anon, -1, 1);
	UK_TEST_EXPECT_EQ(direct, -EINVAL_);
}

/* The red zone below the caller's stack pointer survives the trap. */
UK_TESTCASE(syscall_regs, red_zone_survives)
{
	static uint64_t zone_before[16], zone_after[16];
	long ret;

	__asm__ volatile(
		"lea -128(%%rsp), %%rdi\n"
		"mov $16, %%ecx\n"
		"mov $0x0101010101010101, %%rdx\n"
		"1: mov %%rcx, %%rax\n"
		"   imul %%rdx, %%rax\n"
		"   mov %%rax, -8(%%rdi,%%rcx,8)\n"
		"   mov %%rax, -8(%[b],%%rcx,8)\n"
		"   loop 1b\n"
		"mov %[nr], %%eax\n"
		"syscall\n"
		"mov %%rax, %[ret]\n"
		"lea -128(%%rsp), %%rsi\n"
		"mov $16, %%ecx\n"
		"2: mov -8(%%rsi,%%rcx,8), %%rax\n"
		"   mov %%rax, -8(%[a],%%rcx,8)\n"
		"   loop 2b\n"
		: [ret] "=m"(ret)
		: [nr] "i"(UK_NR_getppid), [b] "r"(zone_before),
		  [a] "r"(zone_after)
		: "rax", "rcx", "rdx", "rsi", "rdi", "r11", "memory", "cc");
	UK_TEST_EXPECT_EQ(ret, uk_syscall(UK_NR_getppid));
	UK_TEST_EXPECT_MEM_EQ(zone_after, zone_before, sizeof(zone_before));
}

/* A pending (blocked) signal sends every system call the slow way. */
UK_TESTCASE(syscall_regs, slow_exit_keeps_registers)
{
	uint64_t usr1 = 1ULL << (SIGUSR1 - 1), pending = 0;
	struct sigaction ign = { .sa_handler = SIG_IGN };

	UK_TEST_ASSERT_EQ(uk_syscall(UK_NR_rt_sigprocmask, SIG_BLOCK, &usr1,
				     NULL, 8), 0);
	UK_TEST_EXPECT_EQ(uk_syscall(UK_NR_tkill, uk_syscall(UK_NR_gettid),
				     SIGUSR1), 0);
	uk_syscall(UK_NR_rt_sigpending, &pending, 8);
	UK_TEST_EXPECT_UEQ(pending, usr1);
	fill(&in, UK_NR_getppid);
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(out.rax, uk_syscall(UK_NR_getppid));
	expect_preserved(&in, &out);
	fill(&in, 999);
	in.rflags = RFLAGS_ZF;
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(out.rax, -ENOSYS_);
	expect_preserved(&in, &out);
	/* ignoring it drops it; then nothing is pending */
	sigaction(SIGUSR1, &ign, NULL);
	signal(SIGUSR1, SIG_DFL);
	uk_syscall(UK_NR_rt_sigprocmask, SIG_UNBLOCK, &usr1, NULL, 8);
	uk_syscall(UK_NR_rt_sigpending, &pending, 8);
	UK_TEST_EXPECT_UEQ(pending, 0);
}

static volatile int handled;

/* Changes every register it can: the interrupted code must not see it. */
static void clobber(int sig)
{
	uint32_t mxcsr = 0x1f80 | 0x6000;	/* round toward zero */

	handled++;
	__asm__ __volatile__(
		"ldmxcsr %0\n"
		"pcmpeqd %%xmm0, %%xmm0\n"
		"pcmpeqd %%xmm1, %%xmm1\n"
		"pcmpeqd %%xmm7, %%xmm7\n"
		"pcmpeqd %%xmm8, %%xmm8\n"
		"pcmpeqd %%xmm15, %%xmm15\n"
		"std\n"
		"xor %%ebx, %%ebx\n"
		"xor %%r12d, %%r12d\n"
		"xor %%r8d, %%r8d\n"
		"xor %%r10d, %%r10d\n"
		"cld\n"
		: : "m"(mxcsr)
		: "xmm0", "xmm1", "xmm7", "xmm8", "xmm15", "rbx", "r12",
		  "r8", "r10", "cc");
}

/* tkill to itself through the trap: the handler runs before it returns */
UK_TESTCASE(syscall_regs, handler_and_sigreturn_keep_registers)
{
	struct sigaction sa = { .sa_handler = clobber };
	long tid = uk_syscall(UK_NR_gettid);

	sigaction(SIGUSR2, &sa, NULL);
	fill(&in, UK_NR_tkill);
	in.rdi = tid;
	in.rsi = SIGUSR2;
	trap_syscall(&in, &out);
	UK_TEST_EXPECT_EQ(handled, 1);
	UK_TEST_EXPECT_EQ(out.rax, 0);
	expect_preserved(&in, &out);
	signal(SIGUSR2, SIG_DFL);
}

#if defined(UK_CONFIG_SCHED_COOP) || defined(UK_CONFIG_SCHED_PREEMPT)
#include <uk/thread.h>
#include <uk/sched.h>

static volatile int clobber_stop;

/* CPUID.1:ECX.OSXSAVE and .AVX, and XCR0 enabling SSE and AVX state */
static int have_avx(void)
{
	uint32_t a, b, c, d;

	__asm__ __volatile__("cpuid"
			     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			     : "a"(1), "c"(0));
	if ((c & (3U << 27)) != (3U << 27))
		return 0;
	__asm__ __volatile__("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
	return (a & 6) == 6;
}

/*
 * Runs while the test thread sleeps: fills every xmm register with ones,
 * and with AVX all of every ymm register.
 */
static void *clobber_thread(void *arg)
{
	int avx = have_avx();

	(void)arg;
	while (!clobber_stop) {
		if (avx)
			__asm__ __volatile__(
				"vcmpps $15, %%ymm0, %%ymm0, %%ymm0\n"
				".irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
				"vmovaps %%ymm0, %%ymm\\n\n"
				".endr\n"
				: : : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",
				  "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
				  "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
				  "xmm15");
		__asm__ __volatile__(
			"pcmpeqd %%xmm0, %%xmm0\n"
			"movdqa %%xmm0, %%xmm1\n movdqa %%xmm0, %%xmm2\n"
			"movdqa %%xmm0, %%xmm3\n movdqa %%xmm0, %%xmm4\n"
			"movdqa %%xmm0, %%xmm5\n movdqa %%xmm0, %%xmm6\n"
			"movdqa %%xmm0, %%xmm7\n movdqa %%xmm0, %%xmm8\n"
			"movdqa %%xmm0, %%xmm9\n movdqa %%xmm0, %%xmm10\n"
			"movdqa %%xmm0, %%xmm11\n movdqa %%xmm0, %%xmm12\n"
			"movdqa %%xmm0, %%xmm13\n movdqa %%xmm0, %%xmm14\n"
			"movdqa %%xmm0, %%xmm15\n"
			: : : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
			  "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
			  "xmm12", "xmm13", "xmm14", "xmm15");
		uk_sched_yield();
	}
	return NULL;
}

/*
 * Linux keeps every register but rax, rcx and r11 across a system call
 * even when the call blocks and other threads run meanwhile: a thread
 * sleeping in nanosleep finds its xmm registers as it left them although
 * another thread overwrote all of them while it slept.
 */
UK_TESTCASE(syscall_regs, blocking_call_keeps_xmm_across_threads)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct uk_thread *t;

	clobber_stop = 0;
	t = uk_thread_create("clobber", clobber_thread, NULL, NULL);
	UK_TEST_ASSERT(t != NULL);
	fill(&in, UK_NR_nanosleep);
	in.rdi = (uintptr_t)&ts;
	in.rsi = 0;
	trap_syscall(&in, &out);
	clobber_stop = 1;
	UK_TEST_EXPECT_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT_EQ(out.rax, 0);
	expect_preserved(&in, &out);
}

/* the same for the upper halves of the ymm registers, where AVX is on */
UK_TESTCASE(syscall_regs, blocking_call_keeps_ymm_across_threads)
{
	static uint64_t yin[16][4] __attribute__((aligned(32)));
	static uint64_t yout[16][4] __attribute__((aligned(32)));
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct uk_thread *t;
	long ret;

	if (!have_avx()) {
		uk_test_diag("no AVX: nothing beyond the xmm registers\n");
		return;
	}
	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 4; j++)
			yin[i][j] = 0x0123456789abcdefULL * (i * 4 + j + 1);
	clobber_stop = 0;
	t = uk_thread_create("clobber", clobber_thread, NULL, NULL);
	UK_TEST_ASSERT(t != NULL);
	__asm__ __volatile__(
		".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
		"vmovdqu 32*\\n(%[in]), %%ymm\\n\n"
		".endr\n"
		"xor %%esi, %%esi\n"
		"syscall\n"
		".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
		"vmovdqu %%ymm\\n, 32*\\n(%[out])\n"
		".endr\n"
		: "=a"(ret)
		: "a"((long)UK_NR_nanosleep), "D"(&ts), [in] "r"(yin),
		  [out] "r"(yout)
		: "rcx", "r11", "rsi", "memory", "xmm0", "xmm1", "xmm2",
		  "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
		  "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	clobber_stop = 1;
	UK_TEST_EXPECT_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT_EQ(ret, 0);
	for (int i = 0; i < 16; i++)
		UK_TEST_EXPECT(memcmp(yin[i], yout[i], 32) == 0);
}
#endif

UK_TEST_MAIN()
