/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's operating system types on the libuk scheduler (sys_arch.c):
 * semaphores, mutexes and mailboxes are allocated objects, an invalid one
 * is a NULL pointer; threads are scheduler threads.
 */
#ifndef UK_LWIP_ARCH_SYS_ARCH_H
#define UK_LWIP_ARCH_SYS_ARCH_H

struct uk_semaphore;
struct uk_mutex;
struct uk_lwip_mbox;
struct uk_thread;

typedef struct uk_semaphore *sys_sem_t;
typedef struct uk_mutex *sys_mutex_t;
typedef struct uk_lwip_mbox *sys_mbox_t;
typedef struct uk_thread *sys_thread_t;
typedef unsigned long sys_prot_t;

#define sys_sem_valid(s)		(*(s) != NULL)
#define sys_sem_set_invalid(s)		(*(s) = NULL)
#define sys_mutex_valid(m)		(*(m) != NULL)
#define sys_mutex_set_invalid(m)	(*(m) = NULL)
#define sys_mbox_valid(m)		(*(m) != NULL)
#define sys_mbox_set_invalid(m)		(*(m) = NULL)

#define SYS_MBOX_NULL	NULL
#define SYS_SEM_NULL	NULL

#endif /* UK_LWIP_ARCH_SYS_ARCH_H */
