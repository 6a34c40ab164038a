/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal interfaces of the x86_64 kvm platform. */
#ifndef KVM_KVM_H
#define KVM_KVM_H

#include <uk/assert.h>

/* A boot failure before the kernel runs terminates like a crash. */
#define UK_STATUS_CRASH_BOOT	UK_STATUS_CRASH

void kvm_serial_init(void);
void kvm_time_init(void);

#endif /* KVM_KVM_H */
