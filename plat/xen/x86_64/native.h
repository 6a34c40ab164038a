/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The x86_64 kvm platform's devices under the names the x86_64-xen
 * build gives them. plat/xen/Makemodule.am compiles the kvm and common
 * x86_64 files into libuk-xen.a with -D renames on these objects only,
 * so that this platform's own ukplat_ functions can choose between them
 * and Xen's devices at run time:
 *
 *   plat/kvm/x86_64/setup.c     kvm_serial_init   -> xen_x86_early_init
 *                               kvm_time_init     -> xen_x86_late_init
 *   plat/kvm/x86_64/serial.c    ukplat_coutk      -> kvm_serial_coutk
 *                               ukplat_cink       -> kvm_serial_cink
 *   plat/kvm/x86_64/time.c      ukplat_wall_clock -> kvm_wall_clock
 *   plat/kvm/x86_64/shutdown.c  ukplat_terminate  -> kvm_terminate
 *   plat/common/x86_64/tsc.c    ukplat_monotonic_clock, ukplat_clock_raw,
 *                               ukplat_clock_raw_to_ns,
 *                               ukplat_clock_resolution -> x86_tsc_...
 *   plat/common/x86_64/apic.c   ukplat_timer_irq, ukplat_timer_set,
 *                               ukplat_timer_stop -> x86_apic_timer_...
 *
 * Everything else in those files is used as it is. A name missing from
 * either side is a link error, never a silent mismatch.
 */
#ifndef XEN_NATIVE_H
#define XEN_NATIVE_H

#include <uk/essentials.h>

void kvm_serial_init(void);
void kvm_time_init(void);
int kvm_serial_coutk(const char *buf, unsigned int len);
int kvm_serial_cink(char *buf, unsigned int maxlen);
uint64_t kvm_wall_clock(void);
void kvm_terminate(int status) __noreturn;

uint64_t x86_tsc_monotonic_clock(void);
uint64_t x86_tsc_clock_raw(void);
uint64_t x86_tsc_clock_raw_to_ns(uint64_t raw);
uint64_t x86_tsc_clock_resolution(void);

unsigned int x86_apic_timer_irq(void);
void x86_apic_timer_set(uint64_t deadline_ns);
void x86_apic_timer_stop(void);

#endif /* XEN_NATIVE_H */
