/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The files programs look at: /proc/self (maps, exe, fd/, stat, status),
 * /proc/meminfo, cpuinfo, uptime; /etc/passwd, group, hosts through
 * getpwuid, getgrgid, getaddrinfo; the console's names in /dev. Only
 * what holds on any Linux is printed (checks, not values that differ
 * between machines). Compared with the host's static musl build by
 * tests/apps-compare.test.
 *
 *   sysfiles [SECTION...]   proc etc dev (all of them when none is named)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#include "compare.h"

/* Reads all of @path into a static buffer; NULL on failure. */
static char *slurp(const char *path)
{
	static char buf[65536];
	size_t n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	/* small reads, as stdio's getline would do */
	while (n < sizeof(buf) - 1 &&
	       (r = read(fd, buf + n, UINT32_C(100))) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	return buf;
}

static void yes(const char *what, bool ok)
{
	printf("%s: %s\n", what, ok ? "yes" : "no");
}

static void proc_fd(void)
{
	char dir[] = "/tmp/sysfilesXXXXXX", path[64], link[4096];
	bool seen[4] = { false };
	struct dirent *d;
	int fd;
	ssize_t n;
	DIR *dp;

	if (!mkdtemp(dir))
		return;
	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_CREAT | O_RDWR, 0600);
	result("open file", fd < 0 ? -1 : 0);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, link, sizeof(link) - 1);
	if (n >= 0)
		link[n] = 0;
	yes("fd link names the file", n > 0 && !strcmp(link, path));
	dp = opendir("/proc/self/fd");
	yes("opendir /proc/self/fd", dp != NULL);
	while (dp && (d = readdir(dp))) {
		int i = atoi(d->d_name);

		if (i >= 0 && i <= 2)
			seen[i] = true;
		if (i == fd)
			seen[3] = true;
	}
	if (dp)
		closedir(dp);
	yes("fd/ lists 0 1 2 and the file",
	    seen[0] && seen[1] && seen[2] && seen[3]);
	/* through the link: the same file */
	{
		struct stat a, b;
		char via[64];

		snprintf(via, sizeof(via), "/proc/self/fd/%d", fd);
		yes("stat through the link is the file",
		    !stat(via, &a) && !fstat(fd, &b) && a.st_ino == b.st_ino);
	}
	close(fd);
	unlink(path);
	rmdir(dir);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	result("readlink of a closed fd", readlink(link, path, 10));
}

static void proc(void)
{
	char *t, buf[256], comm[64], state;
	int pid;
	ssize_t n;
	void *p;

	n = readlink("/proc/self", buf, sizeof(buf) - 1);
	if (n >= 0)
		buf[n] = 0;
	yes("/proc/self is getpid()", n > 0 && atoi(buf) == getpid());
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	yes("/proc/self/exe is an absolute path", n > 0 && buf[0] == '/');
	proc_fd();

	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect((char *)p + 4096, 4096, PROT_READ);
	t = slurp("/proc/self/maps");
	snprintf(buf, sizeof(buf), "%08lx-%08lx rw-p",
		 (unsigned long)(uintptr_t)p,
		 (unsigned long)(uintptr_t)p + 4096);
	yes("maps has the mapping's first page rw-p", t && strstr(t, buf));
	snprintf(buf, sizeof(buf), "%08lx-%08lx r--p",
		 (unsigned long)(uintptr_t)p + 4096,
		 (unsigned long)(uintptr_t)p + 8192);
	yes("maps has its mprotected page r--p", t && strstr(t, buf));
	munmap(p, 3 * 4096);
	t = slurp("/proc/self/maps");
	yes("maps no longer has it after munmap", t && !strstr(t, buf));

	t = slurp("/proc/self/stat");
	/* the state is not checked: qemu-user, the aarch64 reference,
	 * writes 0 there */
	yes("stat: pid (comm) state",
	    t && sscanf(t, "%d (%63[^)]) %c", &pid, comm, &state) == 3 &&
	    pid == getpid());
	t = slurp("/proc/self/status");
	snprintf(buf, sizeof(buf), "\nPid:\t%d\n", getpid());
	yes("status has Name, Pid, Uid 0",
	    t && !strncmp(t, "Name:\t", 6) && strstr(t, buf) &&
	    strstr(t, "\nUid:\t0\t0\t0\t0\n"));
	t = slurp("/proc/meminfo");
	yes("meminfo: MemTotal >= MemFree > 0",
	    t && (t = strstr(t, "MemTotal:")) &&
	    strtoul(t + 9, NULL, 10) >= strtoul(strstr(t, "MemFree:") + 8,
						NULL, 10) &&
	    strtoul(strstr(t, "MemFree:") + 8, NULL, 10) > 0);
	t = slurp("/proc/cpuinfo");
	yes("cpuinfo starts with processor : 0",
	    t && !strncmp(t, "processor\t: 0\n", 14));
	t = slurp("/proc/uptime");
	{
		double up = -1, idle = -1;

		yes("uptime: two numbers >= 0",
		    t && sscanf(t, "%lf %lf", &up, &idle) == 2 && up > 0 &&
		    idle >= 0);
	}
	result("create in /proc", open("/proc/new", O_CREAT | O_RDWR, 0600));
	result("stat /proc/self/none", stat("/proc/self/none", &(struct stat){0}));
}

static void etc(void)
{
	struct passwd *pw = getpwuid(0);
	struct group *gr = getgrgid(0);
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	bool v4 = false;
	int r;

	printf("getpwuid(0): %s uid %d gid %d home %s\n",
	       pw ? pw->pw_name : "(none)", pw ? (int)pw->pw_uid : -1,
	       pw ? (int)pw->pw_gid : -1, pw ? pw->pw_dir : "(none)");
	pw = getpwnam("root");
	printf("getpwnam(root): uid %d\n", pw ? (int)pw->pw_uid : -1);
	printf("getgrgid(0): %s\n", gr ? gr->gr_name : "(none)");
	r = getaddrinfo("localhost", "80", &hints, &ai);
	printf("getaddrinfo(localhost) = %d\n", r);
	for (a = r ? NULL : ai; a; a = a->ai_next)
		if (a->ai_family == AF_INET)
			v4 |= ((struct sockaddr_in *)a->ai_addr)->sin_addr.s_addr
			      == htonl(INADDR_LOOPBACK);
	yes("localhost has 127.0.0.1", v4);
	if (!r)
		freeaddrinfo(ai);
}

static void dev(void)
{
	static const char *const names[] = {
		"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
		"/dev/urandom", "/dev/console", "/dev/tty",
	};
	struct stat st;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (stat(names[i], &st) < 0) {
			result(names[i], -1);
			continue;
		}
		printf("%s: %s %u:%u\n", names[i],
		       S_ISCHR(st.st_mode) ? "char" : "other",
		       major(st.st_rdev), minor(st.st_rdev));
	}
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } s[] = {
		{ "proc", proc }, { "etc", etc }, { "dev", dev },
	};

	setvbuf(stdout, NULL, _IONBF, 0);
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		bool run = argc < 2;

		for (int j = 1; j < argc; j++)
			run |= !strcmp(argv[j], s[i].name);
		if (run) {
			printf("== %s\n", s[i].name);
			s[i].fn();
		}
	}
	return 0;
}
