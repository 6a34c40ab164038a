/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The aarch64 system-call trap (svc #0) as musl's libc.a uses it: the
 * result comes back in x0, and every other general register, the flags
 * (NZCV) and the FP/SIMD registers are as they were, as on Linux.
 */
#include <uk/test.h>
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* N and V set, Z and C clear */
#define NZCV_NV		0x90000000UL

struct gprs {
	unsigned long x[31];
	unsigned long nzcv;
};

/*
 * Loads x0..x30 and NZCV from @in, traps with svc #0, stores them into
 * @out. x19..x29 are saved and restored around it by hand.
 */
static void svc_with(const struct gprs *in, struct gprs *out)
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
		"mov x30, %0\n\t"
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
		"ldr x0, [sp, #112]\n\t"
		"str x0, [x30, #240]\n\t"
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
		  "x18", "x30", "memory", "cc");
}

static void fill(struct gprs *g, long nr)
{
	for (int i = 0; i < 31; i++)
		g->x[i] = 0x0101010101010101UL * (i + 1) ^ 0x8000000000000000UL;
	g->x[8] = nr;
	g->nzcv = NZCV_NV;
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
}

UK_TESTCASE(svc, getpid_preserves_registers)
{
	struct gprs in, out;

	fill(&in, SYS_getpid);
	svc_with(&in, &out);
	expect_preserved(&in, &out, getpid());
}

UK_TESTCASE(svc, unknown_call_is_enosys_and_preserves_registers)
{
	struct gprs in, out;

	fill(&in, 4000);
	svc_with(&in, &out);
	expect_preserved(&in, &out, -ENOSYS);
}

UK_TESTCASE(svc, write_gets_its_arguments)
{
	static const char msg[] = "# svc write\n";
	struct gprs in, out;

	fill(&in, SYS_write);
	in.x[0] = 1;
	in.x[1] = (unsigned long)msg;
	in.x[2] = sizeof(msg) - 1;
	svc_with(&in, &out);
	expect_preserved(&in, &out, sizeof(msg) - 1);
}

UK_TESTCASE(svc, vector_registers_survive)
{
	unsigned char in[32 * 16], out[32 * 16];

	for (unsigned int i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 7 + 3);
	memset(out, 0, sizeof(out));
	__asm__ __volatile__(
		"ldp q0, q1, [%0, #0]\n\t"
		"ldp q2, q3, [%0, #32]\n\t"
		"ldp q4, q5, [%0, #64]\n\t"
		"ldp q6, q7, [%0, #96]\n\t"
		"ldp q8, q9, [%0, #128]\n\t"
		"ldp q10, q11, [%0, #160]\n\t"
		"ldp q12, q13, [%0, #192]\n\t"
		"ldp q14, q15, [%0, #224]\n\t"
		"ldp q16, q17, [%0, #256]\n\t"
		"ldp q18, q19, [%0, #288]\n\t"
		"ldp q20, q21, [%0, #320]\n\t"
		"ldp q22, q23, [%0, #352]\n\t"
		"ldp q24, q25, [%0, #384]\n\t"
		"ldp q26, q27, [%0, #416]\n\t"
		"ldp q28, q29, [%0, #448]\n\t"
		"ldp q30, q31, [%0, #480]\n\t"
		"mov x8, %2\n\t"
		"mov x0, #1\n\t"
		"mov x1, %3\n\t"
		"mov x2, #11\n\t"
		"svc #0\n\t"
		"stp q0, q1, [%1, #0]\n\t"
		"stp q2, q3, [%1, #32]\n\t"
		"stp q4, q5, [%1, #64]\n\t"
		"stp q6, q7, [%1, #96]\n\t"
		"stp q8, q9, [%1, #128]\n\t"
		"stp q10, q11, [%1, #160]\n\t"
		"stp q12, q13, [%1, #192]\n\t"
		"stp q14, q15, [%1, #224]\n\t"
		"stp q16, q17, [%1, #256]\n\t"
		"stp q18, q19, [%1, #288]\n\t"
		"stp q20, q21, [%1, #320]\n\t"
		"stp q22, q23, [%1, #352]\n\t"
		"stp q24, q25, [%1, #384]\n\t"
		"stp q26, q27, [%1, #416]\n\t"
		"stp q28, q29, [%1, #448]\n\t"
		"stp q30, q31, [%1, #480]\n\t"
		: : "r"(in), "r"(out), "r"((long)SYS_write),
		    "r"("# svc simd\n")
		: "x0", "x1", "x2", "x8", "memory",
		  "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",
		  "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17",
		  "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25",
		  "v26", "v27", "v28", "v29", "v30", "v31");
	UK_TEST_EXPECT_MEM_EQ(in, out, sizeof(in));
}

UK_TEST_MAIN()
