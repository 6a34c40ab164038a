/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System V IPC as a program sees it, compared with Linux
 * (tests/apps-compare.test): shared memory, semaphores and message
 * queues, their keys, commands and errors, and threads blocked on them.
 *
 *   ipc shm       shmget by key and IPC_PRIVATE, shmat/shmdt, shm_nattch,
 *                 IPC_STAT/IPC_SET, IPC_RMID while attached (SHM_DEST)
 *   ipc shmremap  SHM_REMAP without an address is EINVAL
 *   ipc sem       semget, SETVAL/SETALL/GETALL, semop all or nothing,
 *                 IPC_NOWAIT, ERANGE, EFBIG, E2BIG, semtimedop's timeout
 *   ipc msg       msgsnd/msgrcv by type (0, n, -n, MSG_EXCEPT, MSG_COPY),
 *                 E2BIG and MSG_NOERROR, a full queue, msg_qbytes
 *   ipc threads   a thread blocked in semop, in msgrcv, in msgsnd;
 *                 GETNCNT/GETZCNT; IPC_RMID wakes waiters with EIDRM
 *   ipc signal    a signal ends a blocked semop and msgrcv with EINTR,
 *                 even with SA_RESTART
 *   ipc info      the limits IPC_INFO reports
 *
 * Ids, addresses, times and owners differ from system to system: only
 * facts about them are printed. Keys are made from the process id so
 * that runs on one host do not meet; every object made is removed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "compare.h"

#ifndef MSG_COPY
#define MSG_COPY 040000	/* Linux; not in musl's <sys/msg.h> */
#endif

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static const char *ename(int e)
{
	return e == EIDRM ? "EIDRM" : errname(e);
}

/* "WHAT = R" or "WHAT = -1, ENAME" */
static long show(const char *what, long r)
{
	if (r < 0)
		printf("%s = %ld, %s\n", what, r, ename(errno));
	else
		printf("%s = %ld\n", what, r);
	return r;
}

/* "WHAT: ok" for a result >= 0 (an id: its value is not compared) */
static long ok(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: ok\n", what);
	return r;
}

static key_t key(int n)
{
	return (key_t)(0x5a000000 | ((getpid() & 0xffff) << 4) | n);
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- shm ---- */

static void shm_show(int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds) < 0) {
		printf("IPC_STAT: -1 %s\n", ename(errno));
		return;
	}
	printf("IPC_STAT: segsz %zu nattch %lu mode %04o key %s cpid %s\n",
	       ds.shm_segsz, ds.shm_nattch, (unsigned)ds.shm_perm.mode,
	       ds.shm_perm.__ipc_perm_key ? "set" : "0",
	       ds.shm_cpid == getpid() ? "self" : "other");
}

static void test_shm(void)
{
	struct shmid_ds ds;
	char *a, *b;
	int id, k;

	id = ok("shmget(IPC_PRIVATE, 10000)", shmget(IPC_PRIVATE, 10000,
						      0600));
	shm_show(id);
	a = shmat(id, NULL, 0);
	printf("shmat: %s, page aligned %d\n", a == (void *)-1 ? "failed" :
	       "ok", ((uintptr_t)a & 4095) == 0);
	printf("fresh segment is zeros: %d\n", a[0] == 0 && a[9999] == 0);
	strcpy(a, "shared text");
	a[9999] = 'z';
	b = shmat(id, NULL, SHM_RDONLY);
	printf("second shmat sees: %s %c\n", b, b[9999]);
	shm_show(id);
	show("shmdt(second)", shmdt(b));
	shm_show(id);
	show("shmdt(first)", shmdt(a));
	show("shmdt(first) again", shmdt(a));
	show("shmdt(unaligned)", shmdt(a + 1));
	shm_show(id);
	show("shmat(unaligned address)", (long)shmat(id, a + 1, 0));
	show("shmat(-1)", (long)shmat(-1, NULL, 0));
	show("shmctl(bad command)", shmctl(id, 99, &ds));
	show("shmctl(-1, IPC_STAT)", shmctl(-1, IPC_STAT, &ds));

	ds.shm_perm.mode = 0640;
	shmctl(id, IPC_STAT, &ds);
	ds.shm_perm.mode = 01640;
	show("IPC_SET mode 0640", shmctl(id, IPC_SET, &ds));
	shm_show(id);
	show("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	show("IPC_STAT after IPC_RMID", shmctl(id, IPC_STAT, &ds));
	show("shmat after IPC_RMID", (long)shmat(id, NULL, 0));

	/* keys */
	k = key(1);
	show("shmget(key, no IPC_CREAT)", shmget(k, 4096, 0600));
	show("shmget(key, size 0, IPC_CREAT)", shmget(k, 0, IPC_CREAT | 0600));
	id = ok("shmget(key, IPC_CREAT|IPC_EXCL)",
		shmget(k, 8192, IPC_CREAT | IPC_EXCL | 0600));
	show("shmget(key, IPC_CREAT|IPC_EXCL) again",
	     shmget(k, 8192, IPC_CREAT | IPC_EXCL | 0600));
	printf("shmget(key, 0, 0) is the same id: %d\n", shmget(k, 0, 0) == id);
	printf("shmget(key, 4096, IPC_CREAT) is the same id: %d\n",
	       shmget(k, 4096, IPC_CREAT | 0600) == id);
	show("shmget(key, larger)", shmget(k, 8193, 0));
	a = shmat(id, NULL, 0);
	strcpy(a, "by key");
	show("IPC_RMID while attached", shmctl(id, IPC_RMID, NULL));
	shm_show(id);
	show("shmget(key) after IPC_RMID", shmget(k, 0, 0));
	printf("still readable: %s\n", a);
	b = shmat(id, NULL, 0);
	printf("shmat of a removed segment: %s\n",
	       b == (void *)-1 ? ename(errno) : b);
	if (b != (void *)-1)
		show("shmdt", shmdt(b));
	show("last shmdt", shmdt(a));
	show("IPC_STAT after the last shmdt", shmctl(id, IPC_STAT, &ds));
}

/* SHM_REMAP without an address (QEMU's user mode does not check it) */
static void test_shmremap(void)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600);

	show("shmat(NULL, SHM_REMAP)", (long)shmat(id, NULL, SHM_REMAP));
	show("IPC_RMID", shmctl(id, IPC_RMID, NULL));
}

/* ---- sem ---- */

static void sem_show(int id, int n)
{
	unsigned short v[8];
	union semun arg = { .array = v };

	if (semctl(id, 0, GETALL, arg) < 0) {
		printf("GETALL: -1 %s\n", ename(errno));
		return;
	}
	printf("GETALL:");
	for (int i = 0; i < n; i++)
		printf(" %u", v[i]);
	printf("\n");
}

static long semop1(int id, int num, int op, int flg)
{
	struct sembuf b = { num, op, flg };

	return semop(id, &b, 1);
}

static void test_sem(void)
{
	unsigned short all[3] = { 1, 2, 3 };
	struct sembuf ops[501];
	struct semid_ds ds;
	struct timespec ts;
	union semun arg;
	int id, k;

	show("semget(IPC_PRIVATE, 0)", semget(IPC_PRIVATE, 0, 0600));
	show("semget(IPC_PRIVATE, 32001)", semget(IPC_PRIVATE, 32001, 0600));
	show("semget(IPC_PRIVATE, -1)", semget(IPC_PRIVATE, -1, 0600));
	id = ok("semget(IPC_PRIVATE, 3)", semget(IPC_PRIVATE, 3, 0600));
	arg.buf = &ds;
	show("IPC_STAT", semctl(id, 0, IPC_STAT, arg));
	printf("sem_nsems %lu mode %04o\n", (unsigned long)ds.sem_nsems,
	       (unsigned)ds.sem_perm.mode);
	sem_show(id, 3);
	arg.val = 5;
	show("SETVAL 5", semctl(id, 1, SETVAL, arg));
	show("GETVAL", semctl(id, 1, GETVAL));
	arg.val = 32768;
	show("SETVAL 32768", semctl(id, 1, SETVAL, arg));
	arg.val = -1;
	show("SETVAL -1", semctl(id, 1, SETVAL, arg));
	show("GETVAL of sem 3", semctl(id, 3, GETVAL));
	show("GETVAL of sem -1", semctl(id, -1, GETVAL));
	arg.array = all;
	show("SETALL 1 2 3", semctl(id, 0, SETALL, arg));
	sem_show(id, 3);

	show("semop(sem 0, -1)", semop1(id, 0, -1, 0));
	show("GETPID is self", semctl(id, 0, GETPID) == getpid());
	show("semop(sem 0, -1, IPC_NOWAIT)", semop1(id, 0, -1, IPC_NOWAIT));
	show("semop(sem 1, 0, IPC_NOWAIT)", semop1(id, 1, 0, IPC_NOWAIT));
	ops[0] = (struct sembuf){ 2, 4, 0 };
	ops[1] = (struct sembuf){ 1, -2, 0 };
	ops[2] = (struct sembuf){ 0, -1, IPC_NOWAIT };
	show("semop(+4, -2, -1 on 0): all or nothing", semop(id, ops, 3));
	sem_show(id, 3);
	show("semop(+4, -2)", semop(id, ops, 2));
	sem_show(id, 3);
	arg.val = 32767;
	semctl(id, 0, SETVAL, arg);
	show("semop(+1 on 32767)", semop1(id, 0, 1, 0));
	show("semop(sem 3)", semop1(id, 3, 1, 0));
	show("semop(0 operations)", semop(id, ops, 0));
	for (int i = 0; i < 501; i++)
		ops[i] = (struct sembuf){ 0, 0, IPC_NOWAIT };
	show("semop(501 operations)", semop(id, ops, 501));
	show("semop(500 operations)", semop(id, ops, 500));
	show("semop(SEM_UNDO)", semop1(id, 2, 1, SEM_UNDO));
	ts = (struct timespec){ 0, 50000000 };
	ops[0] = (struct sembuf){ 1, -1000, 0 };
	show("semtimedop(50 ms)", semtimedop(id, ops, 1, &ts));
	ts.tv_nsec = 1000000000;
	show("semtimedop(tv_nsec 1e9)", semtimedop(id, ops, 1, &ts));
	show("semtimedop(NULL ops)", semtimedop(id, NULL, 1, NULL));
	show("semctl(bad command)", semctl(id, 0, 99));

	k = key(2);
	show("semget(key, no IPC_CREAT)", semget(k, 2, 0600));
	show("semget(key, 0, IPC_CREAT)", semget(k, 0, IPC_CREAT | 0600));
	int id2 = ok("semget(key, 2, IPC_CREAT|IPC_EXCL)",
		     semget(k, 2, IPC_CREAT | IPC_EXCL | 0600));
	show("semget(key, 2, IPC_CREAT|IPC_EXCL) again",
	     semget(k, 2, IPC_CREAT | IPC_EXCL | 0600));
	printf("semget(key, 0, 0) is the same id: %d\n", semget(k, 0, 0) == id2);
	show("semget(key, 3, 0)", semget(k, 3, 0));
	arg.buf = &ds;
	semctl(id2, 0, IPC_STAT, arg);
	ds.sem_perm.mode = 0604;
	show("IPC_SET mode 0604", semctl(id2, 0, IPC_SET, arg));
	semctl(id2, 0, IPC_STAT, arg);
	printf("mode %04o\n", (unsigned)ds.sem_perm.mode);
	show("IPC_RMID", semctl(id2, 0, IPC_RMID));
	show("semget(key) after IPC_RMID", semget(k, 0, 0));
	show("IPC_RMID", semctl(id, 0, IPC_RMID));
	show("semop after IPC_RMID", semop1(id, 0, 1, 0));
	show("GETVAL after IPC_RMID", semctl(id, 0, GETVAL));
	show("IPC_RMID again", semctl(id, 0, IPC_RMID));
}

/* ---- msg ---- */

struct m {
	long type;
	char text[8192];
};

static long snd(int id, long type, const char *text, int flg)
{
	struct m m = { .type = type };

	strcpy(m.text, text);
	return msgsnd(id, &m, strlen(text) + 1, flg);
}

static void rcv(const char *what, int id, size_t size, long type, int flg)
{
	struct m m;
	long r = msgrcv(id, &m, size, type, flg);

	if (r < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: %ld bytes, type %ld, \"%.*s\"\n", what, r, m.type,
		       (int)r, m.text);
}

static void msg_show(int id)
{
	struct msqid_ds ds;

	if (msgctl(id, IPC_STAT, &ds) < 0) {
		printf("IPC_STAT: -1 %s\n", ename(errno));
		return;
	}
	printf("IPC_STAT: qnum %lu cbytes %lu qbytes %lu mode %04o\n",
	       (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes,
	       (unsigned long)ds.msg_qbytes, (unsigned)ds.msg_perm.mode);
}

static void test_msg(void)
{
	static struct m big = { .type = 1 };
	struct msqid_ds ds;
	int id, k, n;

	id = ok("msgget(IPC_PRIVATE)", msgget(IPC_PRIVATE, 0640));
	msg_show(id);
	show("msgsnd(type 3)", snd(id, 3, "three", 0));
	show("msgsnd(type 1)", snd(id, 1, "one", 0));
	show("msgsnd(type 2)", snd(id, 2, "two", 0));
	show("msgsnd(type 1)", snd(id, 1, "uno", 0));
	show("msgsnd(type 5)", snd(id, 5, "a longer text of type five", 0));
	msg_show(id);
	show("msgsnd(type 0)", snd(id, 0, "zero", 0));
	show("msgsnd(type -1)", snd(id, -1, "minus", 0));
	show("msgsnd(8193 bytes)", msgsnd(id, &big, 8193, 0));
	show("msgsnd(NULL)", msgsnd(id, NULL, 4, 0));
	rcv("MSG_COPY 1", id, 100, 1, MSG_COPY | IPC_NOWAIT);
	rcv("MSG_COPY 9", id, 100, 9, MSG_COPY | IPC_NOWAIT);
	rcv("MSG_COPY without IPC_NOWAIT", id, 100, 1, MSG_COPY);
	rcv("msgrcv(type 5, 10 bytes)", id, 10, 5, 0);
	rcv("msgrcv(type 5, 10 bytes, MSG_NOERROR)", id, 10, 5, MSG_NOERROR);
	rcv("msgrcv(type 2)", id, 100, 2, 0);
	rcv("msgrcv(type -2)", id, 100, -2, 0);
	rcv("msgrcv(type 1, MSG_EXCEPT)", id, 100, 1, MSG_EXCEPT);
	rcv("msgrcv(type 0)", id, 100, 0, 0);
	msg_show(id);
	rcv("msgrcv(empty, IPC_NOWAIT)", id, 100, 0, IPC_NOWAIT);
	rcv("msgrcv(size -1)", id, (size_t)-1, 0, IPC_NOWAIT);

	/* a full queue: msg_qbytes (16384) bytes */
	for (n = 0; msgsnd(id, &big, 8192, IPC_NOWAIT) == 0 && n < 100; n++)
		;
	printf("8192-byte messages until full: %d, then %s\n", n,
	       ename(errno));
	msg_show(id);
	show("msgsnd(0 bytes) to a full queue", msgsnd(id, &big, 0,
						       IPC_NOWAIT));
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 100;
	ds.msg_perm.mode = 0600;
	show("IPC_SET qbytes 100", msgctl(id, IPC_SET, &ds));
	msg_show(id);
	rcv("msgrcv(8192)", id, 8192, 0, IPC_NOWAIT);
	show("msgsnd(100 bytes) with 8192 queued", msgsnd(id, &big, 100,
							  IPC_NOWAIT));
	show("msgctl(bad command)", msgctl(id, 99, &ds));
	show("IPC_RMID", msgctl(id, IPC_RMID, NULL));
	show("msgsnd after IPC_RMID", snd(id, 1, "late", IPC_NOWAIT));
	rcv("msgrcv after IPC_RMID", id, 100, 0, IPC_NOWAIT);

	k = key(3);
	show("msgget(key, no IPC_CREAT)", msgget(k, 0600));
	id = ok("msgget(key, IPC_CREAT|IPC_EXCL)",
		msgget(k, IPC_CREAT | IPC_EXCL | 0600));
	show("msgget(key, IPC_CREAT|IPC_EXCL) again",
	     msgget(k, IPC_CREAT | IPC_EXCL | 0600));
	printf("msgget(key, 0) is the same id: %d\n", msgget(k, 0) == id);
	show("IPC_RMID", msgctl(id, IPC_RMID, NULL));
	show("msgget(key, 0) after IPC_RMID", msgget(k, 0));
}

/* ---- threads ---- */

static int tid_id;
static long t_result;
static int t_errno;
static char t_text[64];

static void *t_semop(void *arg)
{
	struct sembuf b = { 0, (short)(intptr_t)arg, 0 };

	t_result = semop(tid_id, &b, 1);
	t_errno = errno;
	return NULL;
}

static void *t_msgrcv(void *arg)
{
	struct m m;

	t_result = msgrcv(tid_id, &m, sizeof(m.text), (long)(intptr_t)arg, 0);
	t_errno = errno;
	if (t_result >= 0)
		snprintf(t_text, sizeof(t_text), "%ld \"%.40s\"", m.type,
			 m.text);
	return NULL;
}

static void *t_msgsnd(void *arg)
{
	static struct m big = { .type = 7 };

	(void)arg;
	t_result = msgsnd(tid_id, &big, 8192, 0);
	t_errno = errno;
	return NULL;
}

/* Waits (5 s at most) until semctl(CMD) of sem 0 is @want. */
static void sem_wait_count(int cmd, int want, const char *what)
{
	int v = -1;

	for (int i = 0; i < 500 && (v = semctl(tid_id, 0, cmd)) != want; i++)
		msleep(10);
	printf("%s: %d\n", what, v);
}

/* Lets a thread that was just made reach its wait. */
static void settle(void)
{
	msleep(200);
}

static void joined(pthread_t t, const char *what)
{
	pthread_join(t, NULL);
	if (t_result < 0)
		printf("%s: -1 %s\n", what, ename(t_errno));
	else
		printf("%s: %ld %s\n", what, t_result, t_text);
	t_text[0] = 0;
}

static void test_threads(void)
{
	struct m m = { .type = 1 };
	pthread_t t;
	union semun arg;

	tid_id = semget(IPC_PRIVATE, 1, 0600);
	pthread_create(&t, NULL, t_semop, (void *)(intptr_t)-2);
	sem_wait_count(GETNCNT, 1, "GETNCNT while a thread waits for 2");
	show("semop(+1)", semop1(tid_id, 0, 1, 0));
	settle();
	show("GETNCNT after +1", semctl(tid_id, 0, GETNCNT));
	show("semop(+1)", semop1(tid_id, 0, 1, 0));
	joined(t, "thread's semop(-2)");
	show("GETVAL", semctl(tid_id, 0, GETVAL));
	show("GETNCNT", semctl(tid_id, 0, GETNCNT));

	arg.val = 1;
	semctl(tid_id, 0, SETVAL, arg);
	pthread_create(&t, NULL, t_semop, (void *)(intptr_t)0);
	sem_wait_count(GETZCNT, 1, "GETZCNT while a thread waits for 0");
	arg.val = 0;
	show("SETVAL 0", semctl(tid_id, 0, SETVAL, arg));
	joined(t, "thread's semop(0)");

	pthread_create(&t, NULL, t_semop, (void *)(intptr_t)-1);
	sem_wait_count(GETNCNT, 1, "GETNCNT while a thread waits for 1");
	show("IPC_RMID", semctl(tid_id, 0, IPC_RMID));
	joined(t, "thread's semop(-1) when the set goes");

	tid_id = msgget(IPC_PRIVATE, 0600);
	pthread_create(&t, NULL, t_msgrcv, (void *)(intptr_t)4);
	settle();
	show("msgsnd(type 3)", snd(tid_id, 3, "not for the thread", 0));
	settle();
	show("msgsnd(type 4)", snd(tid_id, 4, "for the thread", 0));
	joined(t, "thread's msgrcv(type 4)");
	msg_show(tid_id);

	m.type = 1;
	for (int i = 0; i < 2; i++)
		msgsnd(tid_id, &m, 8000, 0);
	pthread_create(&t, NULL, t_msgsnd, NULL);
	settle();
	msg_show(tid_id);
	rcv("msgrcv(type 3)", tid_id, 100, 3, 0);
	settle();
	msg_show(tid_id);
	rcv("msgrcv(type 1)", tid_id, 8192, 1, MSG_NOERROR);
	joined(t, "thread's msgsnd(8192 bytes)");
	msg_show(tid_id);

	pthread_create(&t, NULL, t_msgrcv, (void *)(intptr_t)9);
	settle();
	show("IPC_RMID", msgctl(tid_id, IPC_RMID, NULL));
	joined(t, "thread's msgrcv when the queue goes");
}

/* ---- signals ---- */

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void test_signal(void)
{
	struct sigaction sa = { .sa_handler = on_alarm,
				.sa_flags = SA_RESTART };
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	struct m m;
	long r;
	int id;

	sigaction(SIGALRM, &sa, NULL);
	id = semget(IPC_PRIVATE, 1, 0600);
	setitimer(ITIMER_REAL, &it, NULL);
	show("semop(-1) with SA_RESTART, SIGALRM", semop1(id, 0, -1, 0));
	printf("alarms %d\n", (int)alarms);
	semctl(id, 0, IPC_RMID);

	id = msgget(IPC_PRIVATE, 0600);
	setitimer(ITIMER_REAL, &it, NULL);
	r = msgrcv(id, &m, sizeof(m.text), 0, 0);
	show("msgrcv with SA_RESTART, SIGALRM", r);
	printf("alarms %d\n", (int)alarms);
	msgctl(id, IPC_RMID, NULL);
}

/* ---- limits ---- */

static void test_info(void)
{
	struct shminfo si;
	struct seminfo se;
	struct msginfo mi;

	ok("shmctl(IPC_INFO)", shmctl(0, IPC_INFO, (void *)&si));
	printf("shmmax %lu shmmin %lu shmmni %lu shmseg %lu shmall %lu\n",
	       si.shmmax, si.shmmin, si.shmmni, si.shmseg, si.shmall);
	ok("semctl(IPC_INFO)", semctl(0, 0, IPC_INFO, (union semun){
		.buf = (void *)&se }));
	printf("semmsl %d semmni %d semmns %d semopm %d semvmx %d semaem %d\n",
	       se.semmsl, se.semmni, se.semmns, se.semopm, se.semvmx,
	       se.semaem);
	ok("msgctl(IPC_INFO)", msgctl(0, IPC_INFO, (void *)&mi));
	printf("msgmax %d msgmnb %d msgmni %d msgssz %d msgseg %u\n",
	       mi.msgmax, mi.msgmnb, mi.msgmni, mi.msgssz,
	       (unsigned)mi.msgseg);
	show("shmctl(-1, IPC_INFO)", shmctl(-1, IPC_INFO, (void *)&si));
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} modes[] = {
		{ "shm", test_shm }, { "shmremap", test_shmremap },
		{ "sem", test_sem }, { "msg", test_msg },
		{ "threads", test_threads }, { "signal", test_signal },
		{ "info", test_info },
	};

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 1; i < argc; i++) {
		size_t j;

		for (j = 0; j < sizeof(modes) / sizeof(modes[0]); j++)
			if (!strcmp(argv[i], modes[j].name))
				break;
		if (j == sizeof(modes) / sizeof(modes[0])) {
			fprintf(stderr, "ipc: unknown mode %s\n", argv[i]);
			return 2;
		}
		printf("== %s\n", argv[i]);
		modes[j].fn();
	}
	return 0;
}
