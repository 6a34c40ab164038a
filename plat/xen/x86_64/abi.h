/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The part of Xen's guest ABI that x86_64-xen uses, restated from the
 * public headers' documented layout (xen.h, vcpu.h, event_channel.h,
 * sched.h, memory.h, hvm/hvm_op.h, hvm/params.h, io/console.h,
 * arch-x86/xen.h, elfnote.h). x86_64 only: xen_ulong_t is 64 bits.
 * Self-contained; the compile-time checks at the end pin the layout.
 */
#ifndef XEN_ABI_H
#define XEN_ABI_H

#define XEN_PAGE_SIZE			4096

/* ELF note types (elfnote.h), in notes named "Xen" */
#define XEN_ELFNOTE_XEN_VERSION		5
#define XEN_ELFNOTE_GUEST_OS		6
#define XEN_ELFNOTE_LOADER		8
#define XEN_ELFNOTE_PHYS32_ENTRY	18

/*
 * Hypervisor CPUID leaves: the signature "XenVMMXenVMM" in EBX, ECX, EDX
 * of a base leaf 0x40000000 + k * 0x100 (Xen moves up when it also shows
 * Viridian at 0x40000000). base + 1: EAX = version (major << 16 | minor);
 * base + 2: EAX = number of hypercall pages, EBX = the MSR that installs
 * them (write the page's physical address).
 */
#define XEN_CPUID_FIRST			0x40000000u
#define XEN_CPUID_LAST			0x40010000u
#define XEN_CPUID_STEP			0x100u
#define XEN_CPUID_SIG_EBX		0x566e6558u	/* "XenV" */
#define XEN_CPUID_SIG_ECX		0x65584d4du	/* "MMXe" */
#define XEN_CPUID_SIG_EDX		0x4d4d566eu	/* "nVMM" */

/* Hypercalls: entry nr of the hypercall page is at offset nr * 32. */
#define XEN_HYPERCALL_ENTRY_SIZE	32
#define XEN_HYPERCALL_MEMORY_OP		12
#define XEN_HYPERCALL_CONSOLE_IO	18
#define XEN_HYPERCALL_VCPU_OP		24
#define XEN_HYPERCALL_SCHED_OP		29
#define XEN_HYPERCALL_EVENT_CHANNEL_OP	32
#define XEN_HYPERCALL_HVM_OP		34

#define XEN_DOMID_SELF			0x7ff0

/* console_io(cmd, count, buffer) */
#define XEN_CONSOLEIO_WRITE		0
#define XEN_CONSOLEIO_READ		1

/* sched_op(cmd, arg) */
#define XEN_SCHEDOP_YIELD		0
#define XEN_SCHEDOP_SHUTDOWN		2
#define XEN_SHUTDOWN_POWEROFF		0
#define XEN_SHUTDOWN_CRASH		3

/* vcpu_op(cmd, vcpu, arg) */
#define XEN_VCPUOP_STOP_PERIODIC_TIMER	7
#define XEN_VCPUOP_SET_SINGLESHOT_TIMER	8
#define XEN_VCPUOP_STOP_SINGLESHOT_TIMER 9

/* event_channel_op(cmd, arg); ports are 32-bit */
#define XEN_EVTCHNOP_BIND_VIRQ		1
#define XEN_EVTCHNOP_SEND		4
#define XEN_EVTCHNOP_UNMASK		9
#define XEN_VIRQ_TIMER			0

/* memory_op(cmd, arg) */
#define XEN_XENMEM_ADD_TO_PHYSMAP	7
#define XEN_XENMEM_MEMORY_MAP		9
#define XEN_XENMAPSPACE_SHARED_INFO	0

/* hvm_op(cmd, arg) */
#define XEN_HVMOP_SET_PARAM		0
#define XEN_HVMOP_GET_PARAM		1
#define XEN_HVMOP_SET_EVTCHN_UPCALL_VECTOR 23
#define XEN_HVM_PARAM_CALLBACK_IRQ	0
#define XEN_HVM_PARAM_CONSOLE_PFN	17
#define XEN_HVM_PARAM_CONSOLE_EVTCHN	18
/* HVM_PARAM_CALLBACK_IRQ value: delivery type in bits 63:56 */
#define XEN_HVM_CALLBACK_VECTOR(v)	((2ULL << 56) | (v))

/* The pvclock of one vCPU (vcpu_time_info). */
#define XEN_PVCLOCK_TSC_STABLE		0x01

/* 2-level event channels: 64 words of 64 ports */
#define XEN_EVTCHN_WORDS		64
#define XEN_EVTCHN_PORTS		(XEN_EVTCHN_WORDS * 64)
#define XEN_LEGACY_MAX_VCPUS		32

/* The PV console ring (io/console.h): free-running 32-bit indices. */
#define XEN_CONS_IN_SIZE		1024
#define XEN_CONS_OUT_SIZE		2048

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct xen_sched_shutdown {
	uint32_t reason;
};

struct xen_vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;	/* Xen system time */
	uint32_t flags;
	uint32_t pad;
};

struct xen_evtchn_bind_virq {
	uint32_t virq;
	uint32_t vcpu;
	uint32_t port;			/* out */
};

struct xen_evtchn_port {		/* evtchn_send, evtchn_unmask */
	uint32_t port;
};

struct xen_add_to_physmap {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn;
};

struct xen_memory_map {
	uint32_t nr_entries;		/* in: room; out: entries */
	uint32_t pad;
	uint64_t buffer;		/* E820 entries */
};

struct xen_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __packed;

struct xen_hvm_param {
	uint16_t domid;
	uint16_t pad;
	uint32_t index;
	uint64_t value;
};

struct xen_hvm_evtchn_upcall_vector {
	uint32_t vcpu;
	uint8_t vector;
	uint8_t pad[3];
};

struct xen_vcpu_time_info {
	uint32_t version;		/* odd while Xen updates it */
	uint32_t pad0;
	uint64_t tsc_timestamp;		/* TSC at system_time */
	uint64_t system_time;		/* ns since Xen's boot */
	uint32_t tsc_to_system_mul;	/* ns per tick, 32.32 after shift */
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};

struct xen_vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad0[6];
	unsigned long evtchn_pending_sel;
	uint64_t cr2;			/* arch_vcpu_info */
	uint64_t pad1;
	struct xen_vcpu_time_info time;
};

struct xen_shared_info {
	struct xen_vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	unsigned long evtchn_pending[XEN_EVTCHN_WORDS];
	unsigned long evtchn_mask[XEN_EVTCHN_WORDS];
	uint32_t wc_version;		/* odd while Xen updates it */
	uint32_t wc_sec;		/* wall clock at system time 0 */
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	/* arch_shared_info follows */
};

struct xen_cons_interface {
	char in[XEN_CONS_IN_SIZE];
	char out[XEN_CONS_OUT_SIZE];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
};

UK_CTASSERT(sizeof(struct xen_vcpu_time_info) == 32);
UK_CTASSERT(sizeof(struct xen_vcpu_info) == 64);
UK_CTASSERT(__builtin_offsetof(struct xen_vcpu_info, time) == 32);
UK_CTASSERT(__builtin_offsetof(struct xen_shared_info, evtchn_pending) == 2048);
UK_CTASSERT(__builtin_offsetof(struct xen_shared_info, evtchn_mask) == 2560);
UK_CTASSERT(__builtin_offsetof(struct xen_shared_info, wc_version) == 3072);
UK_CTASSERT(__builtin_offsetof(struct xen_cons_interface, in_cons) == 3072);
UK_CTASSERT(sizeof(struct xen_add_to_physmap) == 24);
UK_CTASSERT(sizeof(struct xen_hvm_param) == 16);
#endif /* !__ASSEMBLY__ */

#endif /* XEN_ABI_H */
