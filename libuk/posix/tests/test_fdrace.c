/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A descriptor closed by one thread while another thread's call waits
 * on it (found by tests/fuzz with 3 threads). As on Linux, the waiting
 * call keeps the open file: it goes on with it and returns what it
 * would have, and the file is released when the call is done.
 */
#include <uk/test.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <unistd.h>

struct waiter {
	int ep;
	int n;
	uint64_t data;
};

static void *epoll_waiter(void *arg)
{
	struct waiter *w = arg;
	struct epoll_event ev[4];

	w->n = epoll_wait(w->ep, ev, 4, 5000);
	w->data = w->n > 0 ? ev[0].data.u64 : 0;
	return NULL;
}

static int watch(int ep, int fd, uint64_t data)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/*
 * epoll_wait on an instance that another thread closes, then makes a
 * new instance (whose memory may be the old one's) and makes the first
 * instance's pipe readable: the wait reports the first instance's
 * entry, never the new one's.
 */
UK_TESTCASE(fdrace, epoll_wait_closed)
{
	struct waiter w = { .n = -2 };
	int p1[2], p2[2], ep2;
	pthread_t t;

	UK_TEST_ASSERT(!pipe(p1) && !pipe(p2));
	w.ep = epoll_create1(0);
	UK_TEST_ASSERT(w.ep >= 0);
	UK_TEST_ASSERT(!watch(w.ep, p1[0], 0x600d));
	UK_TEST_ASSERT(!pthread_create(&t, NULL, epoll_waiter, &w));
	usleep(50000);			/* it waits */
	UK_TEST_EXPECT_EQ(w.n, -2);
	UK_TEST_EXPECT_EQ(close(w.ep), 0);
	ep2 = epoll_create1(0);
	UK_TEST_ASSERT(ep2 >= 0);
	UK_TEST_EXPECT_EQ(write(p2[1], "y", 1), 1);
	UK_TEST_EXPECT_EQ(watch(ep2, p2[0], 0xbad), 0);
	usleep(20000);
	UK_TEST_EXPECT_EQ(write(p1[1], "x", 1), 1);
	UK_TEST_ASSERT(!pthread_join(t, NULL));
	UK_TEST_EXPECT_EQ(w.n, 1);
	UK_TEST_EXPECT_UEQ(w.data, 0x600d);
	close(ep2);
	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);
}

UK_TEST_MAIN();
