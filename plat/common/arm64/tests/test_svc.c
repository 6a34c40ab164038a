/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The aarch64 system-call trap (svc #0) as musl's libc.a uses it: the
 * result comes back in x0, and every other general register, sp, the
 * flags (NZCV) and the FP/SIMD registers are as they were, as on Linux.
 * So are they after a signal handler ran at the end of the call and
 * returned through rt_sigreturn, whatever it changed; and the handler
 * finds them in Linux's signal frame.
 */
#define _GNU_SOURCE
#include <uk/test.h>
#include <errno.h>
#include <signal.h>
#include <ucontext.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* N and V set, Z and C clear */
#define NZCV_NV		0x90000000UL
/* FPCR: round toward zero, flush to zero */
#define FPCR_RZ_FZ	0x01c00000UL

/* Offsets are used by the assembly below: keep them in step. */
struct gprs {
	unsigned long x[31];			/*   0 */
	unsigned long nzcv;			/* 248 */
	unsigned long sp;			/* 256: at the svc */
	unsigned long fpcr;			/* 264 */
	unsigned long v[32][2];			/* 272: q0..q31 */
} __attribute__((aligned(16)));

/*
 * Loads x0..x30, NZCV, FPCR and q0..q31 from @in, traps with svc #0,
 * stores them into @out; in->sp and out->sp get the stack pointer at
 * the svc and after it. x19..x29 and FPCR are saved and restored
 * around it by hand.
 */
static void svc_with(struct gprs *in, struct gprs *out)
{
	__asm__ __volatile__(
		"sub sp, sp, #128\n\t"
		"stp x19, x20, [sp, #0]\n\t"
		"stp x21, x22, [sp, #16]\n\t"
		"stp x23, x24, [sp, #32]\n\t"
		"stp x25, x26, [sp, #48]\n\t"
		"stp x27, x28, [sp, #64]\n\t"
		"stp x29, x30, [sp, #80]\n\t"
		"stp %0, %1, [sp, #96]\n\t"
		"mrs x0, fpcr\n\t"
		"str x0, [sp, #120]\n\t"
		"mov x30, %0\n\t"
		"mov x0, sp\n\t"
		"str x0, [x30, #256]\n\t"
		"ldr x0, [x30, #264]\n\t"
		"msr fpcr, x0\n\t"
		"add x0, x30, #272\n\t"
		"ldp q0, q1, [x0, #0]\n\t"
		"ldp q2, q3, [x0, #32]\n\t"
		"ldp q4, q5, [x0, #64]\n\t"
		"ldp q6, q7, [x0, #96]\n\t"
		"ldp q8, q9, [x0, #128]\n\t"
		"ldp q10, q11, [x0, #160]\n\t"
		"ldp q12, q13, [x0, #192]\n\t"
		"ldp q14, q15, [x0, #224]\n\t"
		"ldp q16, q17, [x0, #256]\n\t"
		"ldp q18, q19, [x0, #288]\n\t"
		"ldp q20, q21, [x0, #320]\n\t"
		"ldp q22, q23, [x0, #352]\n\t"
		"ldp q24, q25, [x0, #384]\n\t"
		"ldp q26, q27, [x0, #416]\n\t"
		"ldp q28, q29, [x0, #448]\n\t"
		"ldp q30, q31, [x0, #480]\n\t"
		"ldr x0, [x30, #248]\n\t"
		"msr nzcv, x0\n\t"
		"ldp x0, x1, [x30, #0]\n\t"
		"ldp x2, x3, [x30, #16]\n\t"
		"ldp x4, x5, [x30, #32]\n\t"
		"ldp x6, x7, [x30, #48]\n\t"
		"ldp x8, x9, [x30, #64]\n\t"
		"ldp x10, x11, [x30, #80]\n\t"
		"ldp x12, x13, [x30, #96]\n\t"
		"ldp x14, x15, [x30, #112]\n\t"
		"ldp x16, x17, [x30, #128]\n\t"
		"ldp x18, x19, [x30, #144]\n\t"
		"ldp x20, x21, [x30, #160]\n\t"
		"ldp x22, x23, [x30, #176]\n\t"
		"ldp x24, x25, [x30, #192]\n\t"
		"ldp x26, x27, [x30, #208]\n\t"
		"ldp x28, x29, [x30, #224]\n\t"
		"ldr x30, [x30, #240]\n\t"
		"svc #0\n\t"
		"str x30, [sp, #112]\n\t"
		"ldr x30, [sp, #104]\n\t"
		"stp x0, x1, [x30, #0]\n\t"
		"stp x2, x3, [x30, #16]\n\t"
		"stp x4, x5, [x30, #32]\n\t"
		"stp x6, x7, [x30, #48]\n\t"
		"stp x8, x9, [x30, #64]\n\t"
		"stp x10, x11, [x30, #80]\n\t"
		"stp x12, x13, [x30, #96]\n\t"
		"stp x14, x15, [x30, #112]\n\t"
		"stp x16, x17, [x30, #128]\n\t"
		"stp x18, x19, [x30, #144]\n\t"
		"stp x20, x21, [x30, #160]\n\t"
		"stp x22, x23, [x30, #176]\n\t"
		"stp x24, x25, [x30, #192]\n\t"
		"stp x26, x27, [x30, #208]\n\t"
		"stp x28, x29, [x30, #224]\n\t"
		"mrs x0, nzcv\n\t"
		"str x0, [x30, #248]\n\t"
		"mov x0, sp\n\t"
		"str x0, [x30, #256]\n\t"
		"mrs x0, fpcr\n\t"
		"str x0, [x30, #264]\n\t"
		"add x0, x30, #272\n\t"
		"stp q0, q1, [x0, #0]\n\t"
		"stp q2, q3, [x0, #32]\n\t"
		"stp q4, q5, [x0, #64]\n\t"
		"stp q6, q7, [x0, #96]\n\t"
		"stp q8, q9, [x0, #128]\n\t"
		"stp q10, q11, [x0, #160]\n\t"
		"stp q12, q13, [x0, #192]\n\t"
		"stp q14, q15, [x0, #224]\n\t"
		"stp q16, q17, [x0, #256]\n\t"
		"stp q18, q19, [x0, #288]\n\t"
		"stp q20, q21, [x0, #320]\n\t"
		"stp q22, q23, [x0, #352]\n\t"
		"stp q24, q25, [x0, #384]\n\t"
		"stp q26, q27, [x0, #416]\n\t"
		"stp q28, q29, [x0, #448]\n\t"
		"stp q30, q31, [x0, #480]\n\t"
		"ldr x0, [sp, #112]\n\t"
		"str x0, [x30, #240]\n\t"
		"ldr x0, [sp, #120]\n\t"
		"msr fpcr, x0\n\t"
		"ldp x19, x20, [sp, #0]\n\t"
		"ldp x21, x22, [sp, #16]\n\t"
		"ldp x23, x24, [sp, #32]\n\t"
		"ldp x25, x26, [sp, #48]\n\t"
		"ldp x27, x28, [sp, #64]\n\t"
		"ldp x29, x30, [sp, #80]\n\t"
		"add sp, sp, #128\n\t"
		: : "r"(in), "r"(out)
		: "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		  "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		  "x18", "x30", "memory", "cc",
		  "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",
		  "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17",
		  "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25",
		  "v26", "v27", "v28", "v29", "v30", "v31");
}

static void fill(struct gprs *g, long nr)
{
	memset(g, 0, sizeof(*g));
	for (int i = 0; i < 31; i++)
		g->x[i] = 0x0101010101010101UL * (i + 1) ^ 0x8000000000000000UL;
	for (int i = 0; i < 32; i++) {
		g->v[i][0] = 0x1111111111111111UL * (i % 15 + 1) ^ 0xa5;
		g->v[i][1] = 0xfedcba9876543210UL ^ ((unsigned long)i << 56);
	}
	g->x[8] = nr;
	g->nzcv = NZCV_NV;
	g->fpcr = FPCR_RZ_FZ;
}

/* Expects @out to be @in except x0 == @ret. */
static void expect_preserved(const struct gprs *in, const struct gprs *out,
			     long ret)
{
	UK_TEST_EXPECT_EQ((long)out->x[0], ret);
	for (int i = 1; i < 31; i++)
		if (out->x[i] != in->x[i])
			UK_TEST_EXPECT_EQ(out->x[i], in->x[i]);
	UK_TEST_EXPECT_EQ(out->nzcv, NZCV_NV);
	UK_TEST_EXPECT_EQ(out->sp, in->sp);
	UK_TEST_EXPECT_EQ(out->fpcr, in->fpcr);
	for (int i = 0; i < 32; i++)
		if (!UK_TEST_EXPECT_MEM_EQ(out->v[i], in->v[i], 16))
			uk_test_diag("q%d: %016lx%016lx -> %016lx%016lx\n", i,
				     in->v[i][1], in->v[i][0],
				     out->v[i][1], out->v[i][0]);
}

static struct gprs in, out;

UK_TESTCASE(svc, getpid_preserves_registers)
{
	fill(&in, SYS_getpid);
	svc_with(&in, &out);
	expect_preserved(&in, &out, getpid());
}

UK_TESTCASE(svc, unknown_call_is_enosys_and_preserves_registers)
{
	fill(&in, 4000);
	svc_with(&in, &out);
	expect_preserved(&in, &out, -ENOSYS);
}

UK_TESTCASE(svc, write_gets_its_arguments)
{
	static const char msg[] = "# svc write\n";

	fill(&in, SYS_write);
	in.x[0] = 1;
	in.x[1] = (unsigned long)msg;
	in.x[2] = sizeof(msg) - 1;
	svc_with(&in, &out);
	expect_preserved(&in, &out, sizeof(msg) - 1);
}

static volatile int handled;

/*
 * tkill to itself through the trap, every register filled: the handler
 * of @sig runs once before the call returns 0 with every other register
 * as it was. Then @sig's action is the default again.
 */
static void tkill_through_svc(int sig)
{
	handled = 0;
	fill(&in, SYS_tkill);
	in.x[0] = gettid();
	in.x[1] = sig;
	svc_with(&in, &out);
	UK_TEST_EXPECT_EQ(handled, 1);
	expect_preserved(&in, &out, 0);
	signal(sig, SIG_DFL);
}

/* Changes every register it may: the interrupted code must not see it. */
static void clobber(int sig)
{
	handled++;
	__asm__ __volatile__(
		"msr fpcr, xzr\n\t"
		"movi v0.16b, #0xff\n\t"
		"mov x1, #-1\n\t"
		"mov x2, #-1\n\t"
		"mov x8, #-1\n\t"
		"mov x9, #-1\n\t"
		"mov x15, #-1\n\t"
		"mov x16, #-1\n\t"
		"mov x17, #-1\n\t"
		"mov x18, #-1\n\t"
		"mov v1.16b, v0.16b\n\t"
		"mov v7.16b, v0.16b\n\t"
		"mov v8.16b, v0.16b\n\t"
		"mov v12.16b, v0.16b\n\t"
		"mov v15.16b, v0.16b\n\t"
		"mov v16.16b, v0.16b\n\t"
		"mov v31.16b, v0.16b\n\t"
		"cmp xzr, xzr\n\t"		/* Z and C set, N and V clear */
		: : : "x1", "x2", "x8", "x9", "x15", "x16", "x17", "x18",
		  "v0", "v1", "v7", "v8", "v12", "v15", "v16", "v31", "cc");
}

/* tkill to itself through the trap: the handler runs before it returns */
UK_TESTCASE(svc, handler_and_sigreturn_keep_registers)
{
	struct sigaction sa = { .sa_handler = clobber };

	sigaction(SIGUSR2, &sa, NULL);
	tkill_through_svc(SIGUSR2);
}

/* Linux's arm64 records in uc_mcontext.__reserved */
#define FPSIMD_MAGIC_	0x46508001
struct fpsimd_ {
	unsigned int magic, size;
	unsigned int fpsr, fpcr;
	unsigned long v[32][2];
};

static struct {
	int signo;
	siginfo_t info;
	ucontext_t uc;
	void *infop, *ucp;
	unsigned long record[2];	/* the frame record above the frame */
} seen;

static void look(int sig, siginfo_t *info, void *ucp)
{
	handled++;
	seen.signo = sig;
	seen.info = *info;
	seen.uc = *(ucontext_t *)ucp;
	seen.infop = info;
	seen.ucp = ucp;
	/* siginfo (128 bytes) and ucontext (4560) are 16-byte multiples */
	memcpy(seen.record, (char *)info + 128 + 4560, sizeof(seen.record));
}

/* The handler's view: Linux's rt_sigframe with the registers of the svc. */
UK_TESTCASE(svc, handler_gets_linux_frame)
{
	struct sigaction sa = { .sa_sigaction = look, .sa_flags = SA_SIGINFO };
	const struct fpsimd_ *fp;
	const unsigned int *end;
	mcontext_t *mc = &seen.uc.uc_mcontext;

	sigaction(SIGUSR1, &sa, NULL);
	tkill_through_svc(SIGUSR1);
	UK_TEST_ASSERT_EQ(handled, 1);

	UK_TEST_EXPECT_EQ(seen.signo, SIGUSR1);
	UK_TEST_EXPECT_EQ(seen.info.si_signo, SIGUSR1);
	UK_TEST_EXPECT_EQ(seen.info.si_code, SI_TKILL);
	UK_TEST_EXPECT_EQ((unsigned long)seen.infop & 15, 0);
	UK_TEST_EXPECT_EQ((char *)seen.ucp - (char *)seen.infop, 128);
	UK_TEST_EXPECT_EQ(mc->regs[0], 0);	/* tkill's result */
	for (int i = 1; i < 31; i++)
		if (mc->regs[i] != in.x[i])
			UK_TEST_EXPECT_EQ(mc->regs[i], in.x[i]);
	UK_TEST_EXPECT_EQ(mc->sp, in.sp);
	UK_TEST_EXPECT_EQ(*(unsigned int *)(mc->pc - 4), 0xd4000001); /* svc */
	UK_TEST_EXPECT_EQ(mc->pstate & 0xf0000000UL, NZCV_NV);
	UK_TEST_EXPECT_EQ(seen.record[0], in.x[29]);
	UK_TEST_EXPECT_EQ(seen.record[1], in.x[30]);

	fp = (const struct fpsimd_ *)mc->__reserved;
	UK_TEST_EXPECT_EQ(fp->magic, FPSIMD_MAGIC_);
	UK_TEST_EXPECT_EQ(fp->size, sizeof(*fp));
	UK_TEST_EXPECT_EQ(fp->fpcr, FPCR_RZ_FZ);
	UK_TEST_EXPECT_MEM_EQ(fp->v, in.v, sizeof(in.v));
	end = (const unsigned int *)(fp + 1);
	UK_TEST_EXPECT_EQ(end[0], 0);
	UK_TEST_EXPECT_EQ(end[1], 0);
}

/* the kernel's struct sigaction, for rt_sigaction without musl */
struct ksigaction_ {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

/* Without SA_RESTORER the handler returns through the kernel's own code. */
UK_TESTCASE(svc, handler_without_restorer_returns)
{
	struct ksigaction_ ka = { .handler = clobber };

	UK_TEST_ASSERT_EQ(syscall(SYS_rt_sigaction, SIGUSR2, &ka, NULL, 8), 0);
	tkill_through_svc(SIGUSR2);
}

UK_TEST_MAIN()
