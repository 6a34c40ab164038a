/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Linux ABI structures and constants the POSIX layer serves, restated
 * from the Linux UAPI (kernel code does not see the libc's headers).
 */
#ifndef UK_POSIX_LINUX_H
#define UK_POSIX_LINUX_H

#include <uk/essentials.h>

struct l_timespec {
	long tv_sec;
	long tv_nsec;
};

struct l_timeval {
	long tv_sec;
	long tv_usec;
};

struct l_tms {
	long utime, stime, cutime, cstime;	/* clock ticks (USER_HZ) */
};

struct l_rusage {
	struct l_timeval utime, stime;
	long maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock,
	     oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

#define L_USER_HZ		100
#define L_RUSAGE_SELF		0
#define L_RUSAGE_CHILDREN	(-1)
#define L_RUSAGE_THREAD		1

struct l_iovec {
	void *base;
	size_t len;
};

struct l_winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#if defined(UK_ARCH_X86_64)
struct l_stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned long st_nlink;
	unsigned int st_mode;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned int __pad0;
	unsigned long st_rdev;
	long st_size;
	long st_blksize;
	long st_blocks;
	struct l_timespec st_atim, st_mtim, st_ctim;
	long reserved[3];
};
#else /* the generic layout (aarch64) */
struct l_stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned int st_mode;
	unsigned int st_nlink;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned long st_rdev;
	unsigned long __pad1;
	long st_size;
	int st_blksize;
	int __pad2;
	long st_blocks;
	struct l_timespec st_atim, st_mtim, st_ctim;
	unsigned int reserved[2];
};
#endif

#define L_S_IFCHR	0020000

struct l_utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

struct l_rlimit {
	unsigned long cur;
	unsigned long max;
};

#define L_RLIM_INFINITY	(~0UL)
#define L_RLIMIT_STACK	3
#define L_RLIMIT_NOFILE	7
#define L_RLIMIT_SIGPENDING 11
#define L_RLIMIT_NLIMITS 16

struct l_sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;
	char __reserved[256];
};

/* ioctl */
#define L_TCGETS	0x5401
#define L_TIOCGWINSZ	0x5413

/* clocks */
#define L_CLOCK_REALTIME		0
#define L_CLOCK_MONOTONIC		1
#define L_CLOCK_PROCESS_CPUTIME_ID	2
#define L_CLOCK_THREAD_CPUTIME_ID	3
#define L_CLOCK_MONOTONIC_RAW		4
#define L_CLOCK_REALTIME_COARSE		5
#define L_CLOCK_MONOTONIC_COARSE	6
#define L_CLOCK_BOOTTIME		7

/* mmap */
#define L_PROT_NONE	0
#define L_PROT_READ	1
#define L_PROT_WRITE	2
#define L_PROT_EXEC	4
#define L_MAP_SHARED	0x01
#define L_MAP_PRIVATE	0x02
#define L_MAP_TYPE	0x0f
#define L_MAP_FIXED	0x10
#define L_MAP_ANONYMOUS	0x20
#define L_MREMAP_MAYMOVE 1
#define L_MREMAP_FIXED	2
/* the end of a process's address space (Linux's TASK_SIZE): lengths and
 * addresses beyond it are refused as Linux refuses them */
#if defined(UK_ARCH_X86_64)
#define L_TASK_SIZE	((1UL << 47) - 4096)
#else
#define L_TASK_SIZE	(1UL << 48)
#endif

/* signals */
#define L_SIGABRT	6
#define L_SIGKILL	9
#define L_SIGSEGV	11
#define L_SIGPIPE	13
#define L_SIGSTOP	19
#define L_NSIG		65

#define L_SIG_DFL	0UL
#define L_SIG_IGN	1UL

#define L_SA_SIGINFO	0x00000004UL
#define L_SA_RESTORER	0x04000000UL
#define L_SA_ONSTACK	0x08000000UL
#define L_SA_RESTART	0x10000000UL
#define L_SA_NODEFER	0x40000000UL
#define L_SA_RESETHAND	0x80000000UL

#define L_SIG_BLOCK	0
#define L_SIG_UNBLOCK	1
#define L_SIG_SETMASK	2

/* si_code */
#define L_SI_USER	0
#define L_SI_TKILL	(-6)
#define L_SI_QUEUE	(-1)
#define L_SI_TIMER	(-2)
#define L_SI_KERNEL	0x80
#define L_SIGRTMIN	32	/* the first real-time signal: queued */

/* the kernel's struct sigaction (rt_sigaction), the same on both */
struct l_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

#define L_SS_ONSTACK	1
#define L_SS_DISABLE	2
#define L_SS_AUTODISARM	(1U << 31)
#define L_MINSIGSTKSZ	2048

struct l_sigaltstack {
	void *sp;
	int flags;
	size_t size;
};

/* siginfo_t, as kill and tkill fill it */
struct l_siginfo {
	int signo;
	int errno_;
	int code;
	int pad0;
	union {
		struct {
			int pid;
			unsigned int uid;
		} kill;
		struct {
			unsigned long addr;	/* si_addr */
		} fault;
		struct {	/* sigqueue: si_pid, si_uid, si_value */
			int pid;
			unsigned int uid;
			uint64_t value;
		} rt;
		struct {	/* POSIX timers: si_timerid, si_overrun */
			int tid;
			int overrun;
			uint64_t value;
		} timer;
		char pad[112];
	};
};

/* getrandom */
#define L_GRND_NONBLOCK	1
#define L_GRND_RANDOM	2
#define L_GRND_INSECURE	4

#endif /* UK_POSIX_LINUX_H */
