// SPDX-License-Identifier: GPL-2.0
/*
 * contid-test: checks the audit container identifier of the patched kernel.
 *
 * Runs as root inside the guest (kernel/boot.sh).  It registers itself as the
 * audit daemon over NETLINK_AUDIT, drives /proc/PID/audit_containerid and
 * /proc/PID/audit_capcontainerid from a tree of child processes and checks the
 * records the kernel sends.  A port of audit-testsuite's tests/containerid
 * (ghak90) plus release, reuse, nesting chains, filters and netns lists.
 *
 * Output: TAP-style "ok N - ..." / "not ok N - ..." lines, then
 * "N passed, M failed".  Exit status 0 when everything passed.
 *
 *   contid-test            run the checks
 *   contid-test bench [N]  time N audited openat() with and without a contid
 *   contid-test e2e        with auditd running: label containers (nested too),
 *                          work in them, print what was done (tests/e2e.sh)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/netlink.h>

/* numbers of this project's 6.1 port */
#define T_CONTAINER_OP		1020
#define T_SET_CAPCONTID		1022
#define T_CONTAINER_ID		1340
#define T_FIELD_CONTID		27
#define T_FEATURE_CONTID	0x80
#define CID_UNSET		UINT64_MAX
#define T_OBJ_PID		1318
#define T_SYSCALL		1300
#define T_USER			1005
#define T_NETFILTER_PKT		1324

/* ------------------------------------------------------------------ TAP */

static int n_checks, n_failed;

static int check(int cond, const char *fmt, ...)
{
	va_list ap;

	n_checks++;
	if (!cond)
		n_failed++;
	printf("%sok %d - ", cond ? "" : "not ", n_checks);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* -------------------------------------------------------- audit netlink */

static int audit_fd = -1;
static unsigned int nl_seq;

struct rec {
	int type;
	char *text;
};
static struct rec *recs;
static size_t n_recs, cap_recs;

static struct audit_status last_status;
static int have_status;
struct t_sig_info {		/* AUDIT_SIGNAL_INFO reply */
	uint32_t uid;
	int32_t pid;
};
static struct t_sig_info last_sig;
static int have_sig;

static int store_records = 1;	/* 0 while benchmarking */
static long n_seen;		/* records received, stored or not */

static void store(int type, const char *data, size_t len)
{
	n_seen++;
	if (!store_records)
		return;
	if (n_recs == cap_recs) {
		cap_recs = cap_recs ? 2 * cap_recs : 4096;
		recs = realloc(recs, cap_recs * sizeof(*recs));
		if (!recs)
			abort();
	}
	recs[n_recs].type = type;
	recs[n_recs].text = strndup(data, len);
	n_recs++;
}

/* Receive what is pending (wait up to ms); returns the ack errno if one came. */
static int nl_recv(int ms, unsigned int want_seq, int *got_ack)
{
	static char buf[16384];
	struct pollfd p = { .fd = audit_fd, .events = POLLIN };
	int err = 0;

	while (poll(&p, 1, ms) > 0) {
		ssize_t n = recv(audit_fd, buf, sizeof(buf), MSG_DONTWAIT);
		struct nlmsghdr *nh = (void *)buf;
		char *data = buf + NLMSG_HDRLEN;
		size_t dlen;

		if (n < (ssize_t)NLMSG_HDRLEN)
			break;
		/* kauditd records carry only the payload length: trust recv() */
		dlen = n - NLMSG_HDRLEN;
		switch (nh->nlmsg_type) {
		case NLMSG_ERROR: {
			struct nlmsgerr *e = (void *)data;

			if (nh->nlmsg_seq == want_seq && got_ack) {
				*got_ack = 1;
				err = -e->error;
			}
			break;
		}
		case AUDIT_GET:
			memcpy(&last_status, data,
			       dlen < sizeof(last_status) ? dlen : sizeof(last_status));
			have_status = 1;
			break;
		case AUDIT_SIGNAL_INFO:
			memcpy(&last_sig, data,
			       dlen < sizeof(last_sig) ? dlen : sizeof(last_sig));
			have_sig = 1;
			break;
		default:
			if (nh->nlmsg_type >= 1100 || nh->nlmsg_type == 1005 ||
			    nh->nlmsg_type == T_CONTAINER_OP ||
			    nh->nlmsg_type == T_SET_CAPCONTID)
				store(nh->nlmsg_type, data, dlen);
			break;
		}
		ms = 0;
	}
	return err;
}

/* Send a request and wait for its ack; returns 0 or the positive errno. */
static int nl_request(int type, const void *data, size_t len)
{
	char buf[NLMSG_SPACE(len)];
	struct nlmsghdr *nh = (void *)buf;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int got = 0, err = 0, tries;

	memset(buf, 0, sizeof(buf));
	nh->nlmsg_len = NLMSG_LENGTH(len);
	nh->nlmsg_type = type;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = ++nl_seq;
	memcpy(NLMSG_DATA(nh), data, len);
	if (sendto(audit_fd, buf, nh->nlmsg_len, 0, (void *)&sa, sizeof(sa)) < 0)
		return errno;
	for (tries = 0; tries < 100 && !got; tries++) {
		int e = nl_recv(100, nh->nlmsg_seq, &got);

		if (got)
			err = e;
	}
	return got ? err : ETIMEDOUT;
}

/*
 * The registered audit daemon is a helper child sharing our socket: the
 * kernel does not audit the syscalls of the audit daemon, and the test's
 * own writes to /proc must be audited like any orchestrator's.  Records
 * still arrive on the shared socket, which we read.
 */
static pid_t auditd_helper;

static int audit_open(void)
{
	struct {
		struct nlmsghdr nh;
		struct audit_status s;
	} req;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int sz = 16 << 20, got = 0, err = 0, tries;

	audit_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (audit_fd < 0)
		return -errno;
	setsockopt(audit_fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
	auditd_helper = fork();
	if (auditd_helper < 0)
		return -errno;
	if (auditd_helper == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		memset(&req, 0, sizeof(req));
		req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.s));
		req.nh.nlmsg_type = AUDIT_SET;
		req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		req.nh.nlmsg_seq = 999999;
		req.s.mask = AUDIT_STATUS_ENABLED | AUDIT_STATUS_PID |
			     AUDIT_STATUS_BACKLOG_LIMIT;
		req.s.enabled = 1;
		req.s.pid = getpid();
		req.s.backlog_limit = 1 << 20;
		sendto(audit_fd, &req, req.nh.nlmsg_len, 0, (void *)&sa, sizeof(sa));
		for (;;)
			pause();
	}
	for (tries = 0; tries < 100 && !got; tries++)
		err = nl_recv(100, 999999, &got);
	return got ? -err : -ETIMEDOUT;
}

static int audit_get_status(void)
{
	int i;

	have_status = 0;
	if (nl_request(AUDIT_GET, NULL, 0))
		return -1;
	/* the reply comes from a kernel thread, after the ack */
	for (i = 0; i < 50 && !have_status; i++)
		nl_recv(100, 0, NULL);
	return have_status ? 0 : -1;
}

/* Records logged before this call are all stored when it returns. */
static void audit_sync(void)
{
	static int n;
	char msg[64];
	size_t i, from = n_recs;
	int tries;

	snprintf(msg, sizeof(msg), "contid-test-sync-%d", ++n);
	nl_request(AUDIT_USER, msg, strlen(msg) + 1);
	for (tries = 0; tries < 100; tries++) {
		for (i = from; i < n_recs; i++)
			if (recs[i].type == T_USER && strstr(recs[i].text, msg))
				return;
		nl_recv(100, 0, NULL);
	}
	diag("sync %d timed out", n);
}

/* ---------------------------------------------------------------- rules */

struct rule {
	struct audit_rule_data d;
	char buf[512];
};

static void rule_init(struct rule *r, int list, int action)
{
	memset(r, 0, sizeof(*r));
	r->d.flags = list;
	r->d.action = action;
	if (list != AUDIT_FILTER_EXIT)
		memset(r->d.mask, 0xff, sizeof(r->d.mask));
}

static void rule_syscall(struct rule *r, int nr)
{
	r->d.mask[nr / 32] |= 1U << (nr % 32);
}

static void rule_field(struct rule *r, int field, unsigned int op, uint32_t val)
{
	int i = r->d.field_count++;

	r->d.fields[i] = field;
	r->d.fieldflags[i] = op;
	r->d.values[i] = val;
}

static void rule_str(struct rule *r, int field, const char *s)
{
	int i = r->d.field_count++;
	size_t len = strlen(s);

	r->d.fields[i] = field;
	r->d.fieldflags[i] = AUDIT_EQUAL;
	r->d.values[i] = len;
	memcpy(r->d.buf + r->d.buflen, s, len);
	r->d.buflen += len;
}

/* the contid travels as 8 bytes in the buffer, the value is their count */
static void rule_contid(struct rule *r, unsigned int op, uint64_t id)
{
	int i = r->d.field_count++;

	r->d.fields[i] = T_FIELD_CONTID;
	r->d.fieldflags[i] = op;
	r->d.values[i] = sizeof(id);
	memcpy(r->d.buf + r->d.buflen, &id, sizeof(id));
	r->d.buflen += sizeof(id);
}

static int rule_send(struct rule *r, int type)
{
	return nl_request(type, &r->d, sizeof(r->d) + r->d.buflen);
}

/* exit,always -F arch=b64 -S nr -F pid=pid -k key */
static void rule_pid_syscall(struct rule *r, int nr, pid_t pid, const char *key)
{
	rule_init(r, AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	rule_syscall(r, nr);
	rule_field(r, AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_X86_64);
	if (pid)
		rule_field(r, AUDIT_PID, AUDIT_EQUAL, pid);
	rule_str(r, AUDIT_FILTERKEY, key);
}

/* -------------------------------------------------------------- records */

/* "audit(SEC.MS:SERIAL)" of a record, copied into out */
static void stamp_of(const char *text, char *out, size_t len)
{
	const char *b = strstr(text, "audit("), *e = b ? strchr(b, ')') : NULL;

	if (!b || !e || (size_t)(e - b) >= len) {
		out[0] = 0;
		return;
	}
	memcpy(out, b, e - b + 1);
	out[e - b + 1] = 0;
}

/* does record i contain both substrings (either may be NULL)? */
static int rec_has(size_t i, const char *a, const char *b)
{
	return (!a || strstr(recs[i].text, a)) && (!b || strstr(recs[i].text, b));
}

/* index of the first record of type (0: any) containing a and b (NULL: any) */
static long rec_find_from(size_t from, int type, const char *a, const char *b)
{
	size_t i;

	for (i = from; i < n_recs; i++) {
		if (type && recs[i].type != type)
			continue;
		if (rec_has(i, a, b))
			return i;
	}
	return -1;
}

static long rec_find(int type, const char *a, const char *b)
{
	return rec_find_from(0, type, a, b);
}

/* index of a record of type in the same event as record idx, containing a */
static long ev_find(long idx, int type, const char *a, const char *b)
{
	char st[64], st2[64];
	size_t i;

	if (idx < 0)
		return -1;
	stamp_of(recs[idx].text, st, sizeof(st));
	for (i = 0; i < n_recs; i++) {
		if (recs[i].type != type)
			continue;
		stamp_of(recs[i].text, st2, sizeof(st2));
		if (strcmp(st, st2))
			continue;
		if (rec_has(i, a, b))
			return i;
	}
	return -1;
}

/* print the records of the event of record idx, for diagnosis */
static void dump_event(long idx)
{
	char st[64], st2[64];
	size_t i;

	if (idx < 0) {
		diag("no such record");
		return;
	}
	stamp_of(recs[idx].text, st, sizeof(st));
	for (i = 0; i < n_recs; i++) {
		stamp_of(recs[i].text, st2, sizeof(st2));
		if (!strcmp(st, st2))
			diag("type=%d %s", recs[i].type, recs[i].text);
	}
}

/* does text end with suffix? */
static int ends_with(const char *text, const char *suffix)
{
	size_t lt = strlen(text), ls = strlen(suffix);

	while (lt && (text[lt - 1] == '\n' || text[lt - 1] == 0))
		lt--;
	return lt >= ls && !memcmp(text + lt - ls, suffix, ls);
}

/* the value of "name=" in text, up to the next space */
static int field_of(const char *text, const char *name, char *out, size_t len)
{
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), " %s=", name);
	p = strstr(text, pat);
	if (!p) {
		snprintf(pat, sizeof(pat), "%s=", name);
		if (strncmp(text, pat, strlen(pat)))
			p = strstr(text, pat);
		else
			p = text - 1;
		if (!p)
			return -1;
		p++;
	} else {
		p++;
	}
	p += strlen(pat) - (pat[0] == ' ');
	n = strcspn(p, " \n");
	if (n >= len)
		n = len - 1;
	memcpy(out, p, n);
	out[n] = 0;
	return 0;
}

/*
 * In the event of record idx (an SYSCALL or OBJ_PID ending with " record=N"),
 * the contid of the CONTAINER_ID with that N; "" if none.
 */
static const char *contid_for(long idx, char *out, size_t len)
{
	char rn[32], pat[48];
	long c;

	out[0] = 0;
	if (idx < 0)
		return out;
	if (!strstr(recs[idx].text, " record="))
		return out;
	field_of(recs[idx].text, "record", rn, sizeof(rn));
	snprintf(pat, sizeof(pat), "record=%s contid=", rn);
	c = ev_find(idx, T_CONTAINER_ID, pat, NULL);
	if (c >= 0)
		field_of(recs[c].text, "contid", out, len);
	return out;
}

/* ------------------------------------------------------------ /proc ops */

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), rc = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) < 0)
		rc = errno;
	close(fd);
	return rc;
}

static int set_contid_path(const char *path, uint64_t id)
{
	char s[32];

	snprintf(s, sizeof(s), "%llu\n", (unsigned long long)id);
	return write_file(path, s);
}

/* 0 or errno of writing id to /proc/pid/audit_containerid */
static int set_contid(pid_t pid, uint64_t id)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/audit_containerid", pid);
	return set_contid_path(path, id);
}

static int set_capcontid(pid_t pid, const char *val)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/audit_capcontainerid", pid);
	return write_file(path, val);
}

/* read a proc file of pid into out; 0 or errno */
static int read_proc(pid_t pid, const char *name, char *out, size_t len)
{
	char path[96];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	n = read(fd, out, len - 1);
	if (n < 0) {
		n = errno;
		close(fd);
		out[0] = 0;
		return n;
	}
	out[n] = 0;
	close(fd);
	return 0;
}

static int read_contid(pid_t pid, char *out, size_t len)
{
	return read_proc(pid, "audit_containerid", out, len);
}

/* --------------------------------------------------------- process kit */

/* shared between all processes of the test */
struct shared {
	volatile long v[64];
	char s[16][128];
};
static struct shared *sh;

/* A gate: a child blocks in gate_wait() until the parent calls gate_open(). */
struct gate {
	int fd[2];
};

static void gate_make(struct gate *g)
{
	if (pipe(g->fd))
		abort();
}

static void gate_wait(struct gate *g)
{
	char c;

	while (read(g->fd[0], &c, 1) < 0 && errno == EINTR)
		;
}

static void gate_open(struct gate *g)
{
	if (write(g->fd[1], "x", 1) != 1)
		abort();
}

/* Forks a child that waits at the gate, then exits; returns its pid. */
static pid_t fork_gated(struct gate *g)
{
	pid_t pid = fork();

	if (pid == 0) {
		gate_wait(g);
		_exit(0);
	}
	return pid;
}

typedef void (*actfn)(long arg);

struct actor {
	pid_t pid;
	struct gate go;
};

/* fork a child that waits at its gate, then runs fn(arg) and exits */
static void actor_start(struct actor *a, actfn fn, long arg)
{
	gate_make(&a->go);
	a->pid = fork();
	if (a->pid < 0)
		abort();
	if (a->pid == 0) {
		gate_wait(&a->go);
		if (fn)
			fn(arg);
		_exit(0);
	}
}

/* release the actor and reap it; returns its exit status */
static int actor_finish(struct actor *a)
{
	int st = 0;

	gate_open(&a->go);
	waitpid(a->pid, &st, 0);
	close(a->go.fd[0]);
	close(a->go.fd[1]);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* run fn(arg) in a child now; returns its exit status */
static int in_child(int (*fn)(long), long arg)
{
	int st = 0;
	pid_t p = fork();

	if (p == 0)
		_exit(fn(arg));
	waitpid(p, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static uint64_t rand_id(void)
{
	static uint64_t x;
	static pid_t seeded;

	/* children must not draw the same ids as their parent */
	if (seeded != getpid()) {
		seeded = getpid();
		x ^= ((uint64_t)seeded << 32) ^ (uint64_t)time(NULL) ^ 0x9e3779b97f4a7c15ULL;
	}
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x >> 2;	/* like the testsuite: below 2^63 */
}

static const char *u64s(uint64_t v)
{
	static char b[8][24];
	static int i;

	i = (i + 1) % 8;
	snprintf(b[i], sizeof(b[i]), "%llu", (unsigned long long)v);
	return b[i];
}

/* -------------------------------------------------- actions of children */

/* Creates /tmp/PREFIX-TAG: an audited openat whose path says who made it. */
static void open_tagged(const char *prefix, long tag)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/%s-%ld", prefix, tag);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	if (fd >= 0)
		close(fd);
}

static void act_open(long tag)
{
	open_tagged("contid-test", tag);
}

static void send_user_msg(const char *msg)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[NLMSG_SPACE(256)];
	struct nlmsghdr *nh = (void *)buf;
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT);

	if (fd < 0)
		return;
	memset(buf, 0, sizeof(buf));
	nh->nlmsg_len = NLMSG_LENGTH(strlen(msg) + 1);
	nh->nlmsg_type = AUDIT_USER;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = 1;
	strcpy(NLMSG_DATA(nh), msg);
	sendto(fd, buf, nh->nlmsg_len, 0, (void *)&sa, sizeof(sa));
	recv(fd, buf, sizeof(buf), 0);	/* the ack */
	close(fd);
}

static void act_user_msg(long tag)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "contid-test-user-%ld", tag);
	send_user_msg(msg);
}

/* ========================================================== the checks */

static uint64_t contid1, contid1a, contid2, contid_self, contid_eperm;
static pid_t task1, task1a, task2, other_orch_child;
static struct actor a_task1, a_task1a;

static void test_interface(void)
{
	struct stat st;
	char path[96], buf[64] = "";

	check(audit_get_status() == 0 &&
	      (last_status.feature_bitmap & T_FEATURE_CONTID),
	      "AUDIT_GET advertises AUDIT_FEATURE_BITMAP_CONTAINERID (0x80)");
	check(stat("/proc/self/audit_containerid", &st) == 0 &&
	      (st.st_mode & 0777) == 0600,
	      "/proc/PID/audit_containerid exists with mode 0600");
	snprintf(path, sizeof(path), "/proc/self/task/%ld/audit_containerid",
		 (long)syscall(SYS_gettid));
	check(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	      "/proc/PID/task/TID/audit_containerid exists with mode 0600");
	check(stat("/proc/self/audit_capcontainerid", &st) == 0 &&
	      (st.st_mode & 0777) == 0600,
	      "/proc/PID/audit_capcontainerid exists with mode 0600");
	check(read_contid(getpid(), buf, sizeof(buf)) == 0 &&
	      !strcmp(buf, "18446744073709551615"),
	      "an unset contid reads as 18446744073709551615 (got '%s')", buf);
}

static int child_self_set(long id)
{
	return set_contid_path("/proc/self/audit_containerid", (uint64_t)id);
}

/* inheritance probes run by task1 once it is labelled */
static void *thr_read(void *arg)
{
	char path[96];

	(void)arg;
	snprintf(path, sizeof(path), "task/%ld/audit_containerid",
		 (long)syscall(SYS_gettid));
	read_proc(getpid(), path, sh->s[1], 100);
	return NULL;
}

static int clone_fn(void *arg)
{
	(void)arg;
	return read_contid(getpid(), sh->s[2], 100);
}

static void act_inherit(long tag)
{
	static char stack[64 * 1024];
	pthread_t t;
	pid_t p;

	p = fork();
	if (p == 0)
		_exit(read_contid(getpid(), sh->s[0], 100));
	waitpid(p, NULL, 0);
	pthread_create(&t, NULL, thr_read, NULL);
	pthread_join(t, NULL);
	p = clone(clone_fn, stack + sizeof(stack), CLONE_NEWNET | SIGCHLD, NULL);
	if (p > 0)
		waitpid(p, NULL, 0);
	act_open(tag);
}

static void test_set_rules(void)
{
	char buf[64] = "", p[64];
	struct gate g;
	int rc;

	contid_self = rand_id();
	rc = in_child(child_self_set, (long)contid_self);
	check(rc == EXDEV, "self-set: a task cannot set its own contid (EXDEV, got %d)", rc);

	contid1 = rand_id();
	actor_start(&a_task1, act_inherit, 1);
	task1 = a_task1.pid;
	rc = set_contid(task1, contid1);
	check(rc == 0, "set: the orchestrator labels a child (got %d)", rc);
	check(read_contid(task1, buf, sizeof(buf)) == 0 && !strcmp(buf, u64s(contid1)),
	      "read-back: audit_containerid reads the id as %%llu without newline ('%s')", buf);
	rc = set_contid(task1, contid1);
	check(rc == EEXIST, "set again: the same id again is refused (EEXIST, got %d)", rc);
	rc = set_contid(task1, CID_UNSET);
	check(rc == EINVAL, "unset: writing 2^64-1 is refused (EINVAL, got %d)", rc);
	snprintf(p, sizeof(p), "/proc/%d/audit_containerid", task1);
	rc = write_file(p, "not-a-number\n");
	check(rc == EINVAL, "an unparsable value is refused (EINVAL, got %d)", rc);
	contid1a = rand_id();
	rc = set_contid(task1, contid1a);
	check(rc == EEXIST, "a different id on a task the writer labelled is refused (EEXIST, got %d)", rc);

	actor_start(&a_task1a, act_user_msg, 101);
	task1a = a_task1a.pid;
	rc = set_contid(task1a, contid1);
	check(rc == 0, "injection: the owner puts another task in its container (got %d)", rc);

	/* task2 has forked a child before being labelled */
	contid2 = rand_id();
	gate_make(&g);
	task2 = fork();
	if (task2 == 0) {
		pid_t c = fork_gated(&g);

		gate_wait(&g);
		waitpid(c, NULL, 0);
		_exit(0);
	}
	usleep(200000);	/* let task2 fork */
	rc = set_contid(task2, contid2);
	check(rc == EBUSY, "a task with a child cannot be labelled (EBUSY, got %d)", rc);
	gate_open(&g);
	gate_open(&g);
	waitpid(task2, NULL, 0);
}

/* a process with two threads */
static struct gate thr_gate;
static void *thr_wait(void *arg)
{
	(void)arg;
	sh->v[1] = syscall(SYS_gettid);
	gate_wait(&thr_gate);
	return NULL;
}

static void test_threads(void)
{
	char path[96];
	pid_t p;
	int rc;

	sh->v[1] = 0;
	gate_make(&thr_gate);
	p = fork();
	if (p == 0) {
		pthread_t t;

		pthread_create(&t, NULL, thr_wait, NULL);
		pthread_join(t, NULL);
		_exit(0);
	}
	while (!sh->v[1])
		usleep(1000);
	rc = set_contid(p, rand_id());
	check(rc == EBUSY, "threads: a multi-threaded process cannot be labelled (EBUSY, got %d)", rc);
	snprintf(path, sizeof(path), "/proc/%d/task/%ld/audit_containerid", p, sh->v[1]);
	rc = set_contid_path(path, rand_id());
	check(rc == EBUSY, "threads: a non-leader thread cannot be labelled via task/TID (EBUSY, got %d)", rc);
	gate_open(&thr_gate);
	waitpid(p, NULL, 0);
}

static int child_label_pid(long pid)
{
	return set_contid((pid_t)pid, rand_id());
}

/* drop CAP_AUDIT_CONTROL with capset, then try to label and read a child */
static int child_nocap(long unused)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	char buf[64];
	struct gate g;
	pid_t c;
	int rc;

	(void)unused;
	gate_make(&g);
	c = fork_gated(&g);
	if (syscall(SYS_capget, &h, d))
		return 100;
	d[CAP_AUDIT_CONTROL / 32].effective &= ~(1U << (CAP_AUDIT_CONTROL % 32));
	d[CAP_AUDIT_CONTROL / 32].permitted &= ~(1U << (CAP_AUDIT_CONTROL % 32));
	if (syscall(SYS_capset, &h, d))
		return 101;
	rc = set_contid(c, contid_eperm);
	sh->v[2] = read_contid(c, buf, sizeof(buf));
	gate_open(&g);
	waitpid(c, NULL, 0);
	return rc;
}

/* another orchestrator labels its own child with id */
static int child_other_orch(long id)
{
	struct gate g;
	pid_t c;
	int rc;

	gate_make(&g);
	c = fork_gated(&g);
	sh->v[3] = c;
	rc = set_contid(c, (uint64_t)id);
	gate_open(&g);
	waitpid(c, NULL, 0);
	return rc;
}

static void test_permissions(void)
{
	struct actor b;
	int rc;

	actor_start(&b, NULL, 0);
	rc = in_child(child_label_pid, b.pid);
	check(rc == EXDEV, "non-descendant: a sibling cannot be labelled (EXDEV, got %d)", rc);
	actor_finish(&b);

	contid_eperm = rand_id();
	rc = in_child(child_nocap, 0);
	check(rc == EPERM, "no CAP_AUDIT_CONTROL (dropped via capset): setting fails (EPERM, got %d)", rc);
	check(sh->v[2] == EPERM, "no CAP_AUDIT_CONTROL: reading fails (EPERM, got %ld)", sh->v[2]);

	rc = in_child(child_other_orch, (long)contid1);
	other_orch_child = sh->v[3];
	check(rc == ENOTUNIQ, "an id in use by another orchestrator is refused (ENOTUNIQ, got %d)", rc);
}

static void test_syscall_records(void)
{
	char c[256];
	struct rule r;
	struct actor a;
	long i, j;
	int rc;

	rule_pid_syscall(&r, SYS_openat, task1, "contid-sys");
	rc = rule_send(&r, AUDIT_ADD_RULE);
	check(rc == 0, "exit rule on openat -F pid= added (got %d)", rc);
	actor_finish(&a_task1);
	audit_sync();
	check(!strcmp(sh->s[0], u64s(contid1)), "inheritance: a forked child has the id ('%s')", sh->s[0]);
	check(!strcmp(sh->s[1], u64s(contid1)), "inheritance: a new thread has the id ('%s')", sh->s[1]);
	check(!strcmp(sh->s[2], u64s(contid1)), "inheritance: a clone(CLONE_NEWNET) child has the id ('%s')", sh->s[2]);

	i = rec_find(T_SYSCALL, "key=\"contid-sys\"", NULL);
	check(i >= 0 && ends_with(recs[i].text, " record=1"),
	      "SYSCALL of a contained task ends with record=1");
	j = ev_find(i, T_CONTAINER_ID, "record=1 contid=", NULL);
	check(j >= 0 && !strcmp(contid_for(i, c, sizeof(c)), u64s(contid1)),
	      "its event has CONTAINER_ID record=1 contid=<id> ('%s')", c);
	rule_send(&r, AUDIT_DEL_RULE);

	/* an uncontained task: no CONTAINER_ID, no record= */
	actor_start(&a, act_open, 2);
	rule_pid_syscall(&r, SYS_openat, a.pid, "contid-nosys");
	rule_send(&r, AUDIT_ADD_RULE);
	actor_finish(&a);
	audit_sync();
	rule_send(&r, AUDIT_DEL_RULE);
	i = rec_find(T_SYSCALL, "key=\"contid-nosys\"", NULL);
	check(i >= 0 && !strstr(recs[i].text, " record=") &&
	      ev_find(i, T_CONTAINER_ID, NULL, NULL) < 0,
	      "an uncontained task's event has no CONTAINER_ID and no record=");
}

static int child_user_msg(long tag)
{
	act_user_msg(tag);
	return 0;
}

static void test_user_records(void)
{
	char pat[64];
	long i, j;

	actor_finish(&a_task1a);
	in_child(child_user_msg, 102);
	audit_sync();
	i = rec_find(T_USER, "contid-test-user-101", NULL);
	j = ev_find(i, T_CONTAINER_ID, NULL, NULL);
	snprintf(pat, sizeof(pat), "record=1 contid=%s", u64s(contid1));
	check(i >= 0 && j >= 0 && ends_with(recs[j].text, pat),
	      "a user message from a contained task is followed by CONTAINER_ID record=1 contid=<id>");
	check(i >= 0 && !strstr(recs[i].text, " record="),
	      "the USER record itself has no record= field");
	i = rec_find(T_USER, "contid-test-user-102", NULL);
	check(i >= 0 && ev_find(i, T_CONTAINER_ID, NULL, NULL) < 0,
	      "a user message from an uncontained task has no CONTAINER_ID");
}

/* the CONTAINER_OP of an attempt and the result in its SYSCALL record */
static void check_op(pid_t opid, uint64_t id, const char *old, const char *result,
		     const char *what)
{
	char pat[128];
	long i;

	snprintf(pat, sizeof(pat), "op=set opid=%d contid=%s old-contid=%s", opid, u64s(id), old);
	i = rec_find(T_CONTAINER_OP, pat, NULL);
	check(i >= 0 && ev_find(i, T_SYSCALL, result, NULL) >= 0,
	      "CONTAINER_OP for %s: '%s' with %s", what, pat, result);
}

static void test_container_op(void)
{
	char old1[32];
	long i;

	audit_sync();
	snprintf(old1, sizeof(old1), "%s", u64s(contid1));
	i = rec_find(T_CONTAINER_OP, u64s(contid_self), NULL);
	check(i >= 0 && strstr(recs[i].text, "old-contid=-1") &&
	      ev_find(i, T_SYSCALL, "success=no exit=-18", NULL) >= 0,
	      "CONTAINER_OP for the self-set attempt, SYSCALL exit=-18 (EXDEV)");
	check_op(task1, contid1, "-1", "success=yes", "set");
	check_op(task1, contid1, old1, "exit=-17", "set again (EEXIST)");
	check_op(task1, CID_UNSET, old1, "exit=-22", "unset (EINVAL, contid=18446744073709551615)");
	check_op(task1, contid1a, old1, "exit=-17", "a different id (EEXIST)");
	check_op(task1a, contid1, "-1", "success=yes", "injection");
	check_op(task2, contid2, "-1", "exit=-16", "a task with a child (EBUSY)");
	i = rec_find(T_CONTAINER_OP, u64s(contid_eperm), NULL);
	if (!check(i >= 0 && ev_find(i, T_SYSCALL, "success=no exit=-1 ", NULL) >= 0,
		   "CONTAINER_OP for the attempt without CAP_AUDIT_CONTROL, exit=-1 (EPERM)"))
		dump_event(i);
	check_op(other_orch_child, contid1, "-1", "exit=-76", "another orchestrator's id (ENOTUNIQ)");
	check(rec_find(T_CONTAINER_OP, " res=", NULL) < 0, "CONTAINER_OP records carry no res= field");
}

/* -------- nesting and signals (audit-testsuite part 8) -------- */

static uint64_t cs, csc1, csc2, csk;

/* tasksig: in its own process group, labels two children of its own */
static void act_tasksig(long unused)
{
	struct gate g;
	pid_t c1, c2;

	(void)unused;
	gate_make(&g);
	c1 = fork_gated(&g);
	c2 = fork_gated(&g);
	sh->v[10] = c1;
	sh->v[11] = c2;
	sh->v[12] = set_contid(c1, csc1);
	sh->v[13] = set_contid(c2, csc2);
	sh->v[14] = set_contid(c1, rand_id());
	sh->v[15] = 1;
	gate_wait(&g);	/* killed by SIGTERM meanwhile */
	_exit(0);
}

static void act_kill_group(long pgid)
{
	kill(-(pid_t)pgid, SIGTERM);
}

static void test_nesting_signals(void)
{
	char c[256], pat[96];
	struct actor s, k;
	struct rule r;
	long i, j;
	int rc, st;

	cs = rand_id();
	csc1 = rand_id();
	csc2 = rand_id();
	csk = rand_id();
	sh->v[15] = 0;
	actor_start(&s, act_tasksig, 0);
	setpgid(s.pid, s.pid);
	check(set_contid(s.pid, cs) == 0, "nesting: tasksig labelled");
	gate_open(&s.go);
	while (!sh->v[15])
		usleep(1000);
	check(sh->v[12] == 0 && sh->v[13] == 0,
	      "nesting: a contained orchestrator labels its children (got %ld, %ld)",
	      sh->v[12], sh->v[13]);
	check(sh->v[14] == EEXIST,
	      "nesting: it cannot relabel a child it labelled itself (EEXIST, got %ld)", sh->v[14]);
	check(read_contid(sh->v[10], c, sizeof(c)) == 0 && !strcmp(c, u64s(csc1)),
	      "nesting: the nested child reads its own id ('%s')", c);

	actor_start(&k, act_kill_group, s.pid);
	rc = set_contid(k.pid, csk);
	check(rc == 0, "killer labelled (got %d)", rc);
	rule_pid_syscall(&r, SYS_kill, k.pid, "contid-sig");
	rule_send(&r, AUDIT_ADD_RULE);
	actor_finish(&k);
	waitpid(s.pid, &st, 0);
	close(s.go.fd[0]);
	close(s.go.fd[1]);
	audit_sync();
	rule_send(&r, AUDIT_DEL_RULE);

	i = rec_find(T_SYSCALL, "key=\"contid-sig\"", NULL);
	check(i >= 0 && !strcmp(contid_for(i, c, sizeof(c)), u64s(csk)),
	      "signal: the killer's SYSCALL ends with record=N of CONTAINER_ID contid=<killer> ('%s')", c);
	snprintf(pat, sizeof(pat), "opid=%d ", s.pid);
	j = ev_find(i, T_OBJ_PID, pat, NULL);
	check(j >= 0 && !strcmp(contid_for(j, c, sizeof(c)), u64s(cs)),
	      "signal: OBJ_PID of tasksig ends with record=N of CONTAINER_ID contid=<tasksig> ('%s')", c);
	snprintf(pat, sizeof(pat), "opid=%ld ", sh->v[10]);
	j = ev_find(i, T_OBJ_PID, pat, NULL);
	snprintf(pat, sizeof(pat), "%s,^%s", u64s(csc1), u64s(cs));
	check(j >= 0 && !strcmp(contid_for(j, c, sizeof(c)), pat),
	      "signal: nested target 1 has contid=%s ('%s')", pat, c);
	snprintf(pat, sizeof(pat), "opid=%ld ", sh->v[11]);
	j = ev_find(i, T_OBJ_PID, pat, NULL);
	snprintf(pat, sizeof(pat), "%s,^%s", u64s(csc2), u64s(cs));
	check(j >= 0 && !strcmp(contid_for(j, c, sizeof(c)), pat),
	      "signal: nested target 2 has contid=%s ('%s')", pat, c);
	snprintf(pat, sizeof(pat), "opid=%ld contid=%s old-contid=%s", sh->v[10],
		 u64s(csc1), u64s(cs));
	check(rec_find(T_CONTAINER_OP, pat, NULL) >= 0,
	      "nesting: CONTAINER_OP '%s' (old-contid is the inherited id)", pat);
}

/* three levels: L1 labels L2, L2 labels L3; L3 opens a file */
static uint64_t lv[3];
static struct gate lgate[3];

static void nest_level(int level)
{
	pid_t c;

	if (level == 2) {
		sh->v[20] = getpid();
		sh->v[21] = 1;
		gate_wait(&lgate[2]);
		act_open(300);
		_exit(0);
	}
	c = fork();
	if (c == 0) {
		gate_wait(&lgate[level + 1]);
		nest_level(level + 1);
		_exit(0);
	}
	sh->v[22 + level] = set_contid(c, lv[level + 1]);
	gate_open(&lgate[level + 1]);
	waitpid(c, NULL, 0);
}

static void act_nest(long unused)
{
	(void)unused;
	nest_level(0);
}

static void test_deep_nesting(void)
{
	char c[256], want[128];
	struct actor a;
	struct rule r;
	long i;
	int k;

	for (k = 0; k < 3; k++) {
		lv[k] = rand_id();
		gate_make(&lgate[k]);
	}
	sh->v[21] = 0;
	actor_start(&a, act_nest, 0);
	check(set_contid(a.pid, lv[0]) == 0, "deep nesting: level 1 labelled");
	gate_open(&a.go);
	while (!sh->v[21])
		usleep(1000);
	check(sh->v[22] == 0 && sh->v[23] == 0, "deep nesting: levels 2 and 3 labelled by their parents");
	rule_pid_syscall(&r, SYS_openat, sh->v[20], "contid-deep");
	rule_send(&r, AUDIT_ADD_RULE);
	gate_open(&lgate[2]);
	waitpid(a.pid, NULL, 0);
	audit_sync();
	rule_send(&r, AUDIT_DEL_RULE);
	i = rec_find(T_SYSCALL, "key=\"contid-deep\"", NULL);
	snprintf(want, sizeof(want), "%s,^%s,^%s", u64s(lv[2]), u64s(lv[1]), u64s(lv[0]));
	check(!strcmp(contid_for(i, c, sizeof(c)), want),
	      "deep nesting: chain printed id,^parent,^grandparent (%s)", c);
	snprintf(want, sizeof(want), "opid=%ld contid=%s old-contid=%s,^%s", sh->v[20],
		 u64s(lv[2]), u64s(lv[1]), u64s(lv[0]));
	check(rec_find(T_CONTAINER_OP, want, NULL) >= 0, "deep nesting: CONTAINER_OP '%s'", want);
}

/* -------- filters -------- */

static uint64_t cf, cg, cfn;

/* in F: label a child with FN (nested), let it open a file, then open one */
static void act_filter_nest(long unused)
{
	struct gate g;
	pid_t c;

	(void)unused;
	gate_make(&g);
	c = fork();
	if (c == 0) {
		gate_wait(&g);
		act_open(203);
		_exit(0);
	}
	sh->v[30] = set_contid(c, cfn);
	gate_open(&g);
	waitpid(c, NULL, 0);
	act_open(201);
}

/* SYSCALLs with key after index from, counted by subject contid */
static int count_key_contid(size_t from, const char *key, const char *contid)
{
	char k[64], c[256];
	long i = from;
	int n = 0;

	snprintf(k, sizeof(k), "key=\"%s\"", key);
	while ((i = rec_find_from(i, T_SYSCALL, k, NULL)) >= 0) {
		contid_for(i, c, sizeof(c));
		if (!strcmp(c, contid))
			n++;
		i++;
	}
	return n;
}

static void test_filters(void)
{
	struct actor f, g, x, y, z;
	struct rule r, rx, ry, rz;
	char fnchain[64];
	size_t mark;
	int rc;

	cf = rand_id();
	cg = rand_id();
	cfn = rand_id();
	actor_start(&f, act_filter_nest, 0);
	actor_start(&g, act_open, 202);
	set_contid(f.pid, cf);
	set_contid(g.pid, cg);
	rule_init(&r, AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	rule_syscall(&r, SYS_openat);
	rule_field(&r, AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_X86_64);
	rule_contid(&r, AUDIT_EQUAL, cf);
	rule_str(&r, AUDIT_FILTERKEY, "contid-filt");
	rc = rule_send(&r, AUDIT_ADD_RULE);
	check(rc == 0, "filter: exit rule -F contid=ID added (got %d)", rc);
	mark = n_recs;
	actor_finish(&f);
	actor_finish(&g);
	act_open(204);
	audit_sync();
	check(count_key_contid(mark, "contid-filt", u64s(cf)) >= 1,
	      "filter: contid= matches the container's own task");
	snprintf(fnchain, sizeof(fnchain), "%s,^%s", u64s(cfn), u64s(cf));
	check(sh->v[30] == 0 && count_key_contid(mark, "contid-filt", fnchain) >= 1,
	      "filter: contid= matches a task of a nested container (ancestor match)");
	check(count_key_contid(mark, "contid-filt", u64s(cg)) == 0 &&
	      count_key_contid(mark, "contid-filt", "") == 0,
	      "filter: contid= does not match other containers or uncontained tasks");
	rc = rule_send(&r, AUDIT_DEL_RULE);
	check(rc == 0, "filter: the rule is found and deleted by its contid (got %d)", rc);

	/* != */
	actor_start(&x, act_open, 211);
	actor_start(&y, act_open, 212);
	set_contid(x.pid, cg);	/* injection into G */
	set_contid(y.pid, cf);
	rule_pid_syscall(&rx, SYS_openat, x.pid, "contid-ne");
	rule_contid(&rx, AUDIT_NOT_EQUAL, cf);
	rule_pid_syscall(&ry, SYS_openat, y.pid, "contid-ne");
	rule_contid(&ry, AUDIT_NOT_EQUAL, cf);
	/* unset: uncontained tasks */
	actor_start(&z, act_open, 213);
	rule_pid_syscall(&rz, SYS_openat, z.pid, "contid-unset");
	rule_contid(&rz, AUDIT_EQUAL, CID_UNSET);
	check(rule_send(&rx, AUDIT_ADD_RULE) == 0 && rule_send(&ry, AUDIT_ADD_RULE) == 0 &&
	      rule_send(&rz, AUDIT_ADD_RULE) == 0, "filter: != and unset rules added");
	mark = n_recs;
	actor_finish(&x);
	actor_finish(&y);
	actor_finish(&z);
	audit_sync();
	rule_send(&rx, AUDIT_DEL_RULE);
	rule_send(&ry, AUDIT_DEL_RULE);
	rule_send(&rz, AUDIT_DEL_RULE);
	check(count_key_contid(mark, "contid-ne", u64s(cg)) >= 1,
	      "filter: contid!=F matches a task in another container");
	check(count_key_contid(mark, "contid-ne", u64s(cf)) == 0,
	      "filter: contid!=F does not match a task in F");
	check(count_key_contid(mark, "contid-unset", "") >= 1,
	      "filter: contid=unset matches an uncontained task");

	/* user list: never for F */
	rule_init(&r, AUDIT_FILTER_USER, AUDIT_NEVER);
	rule_contid(&r, AUDIT_EQUAL, cf);
	rc = rule_send(&r, AUDIT_ADD_RULE);
	actor_start(&x, act_user_msg, 221);
	actor_start(&y, act_user_msg, 222);
	set_contid(x.pid, cf);
	set_contid(y.pid, cg);
	actor_finish(&x);
	actor_finish(&y);
	audit_sync();
	rule_send(&r, AUDIT_DEL_RULE);
	check(rc == 0 && rec_find(T_USER, "contid-test-user-221", NULL) < 0 &&
	      rec_find(T_USER, "contid-test-user-222", NULL) >= 0,
	      "filter: user,never -F contid=F drops F's user messages only");

	/* exclude list */
	rule_init(&r, AUDIT_FILTER_EXCLUDE, AUDIT_ALWAYS);
	rule_contid(&r, AUDIT_EQUAL, cg);
	rc = rule_send(&r, AUDIT_ADD_RULE);
	actor_start(&x, act_user_msg, 231);
	set_contid(x.pid, cg);
	actor_finish(&x);
	audit_sync();
	rule_send(&r, AUDIT_DEL_RULE);
	actor_start(&y, act_user_msg, 232);
	set_contid(y.pid, cg);
	actor_finish(&y);
	audit_sync();
	check(rc == 0 && rec_find(T_USER, "contid-test-user-231", NULL) < 0 &&
	      rec_find(T_USER, "contid-test-user-232", NULL) >= 0,
	      "filter: exclude,always -F contid=G drops G's records while the rule exists");

	/* refused rules */
	rule_init(&r, AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	rule_syscall(&r, SYS_openat);
	rule_contid(&r, AUDIT_GREATER_THAN, cf);
	rc = rule_send(&r, AUDIT_ADD_RULE);
	check(rc == EINVAL, "filter: operators other than = and != are refused (EINVAL, got %d)", rc);
	rule_init(&r, AUDIT_FILTER_TASK, AUDIT_ALWAYS);
	rule_contid(&r, AUDIT_EQUAL, cf);
	rc = rule_send(&r, AUDIT_ADD_RULE);
	check(rc == EINVAL, "filter: contid on the task list is refused (EINVAL, got %d)", rc);
	rule_init(&r, AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	rule_syscall(&r, SYS_openat);
	rule_contid(&r, AUDIT_EQUAL, cf);
	r.d.values[0] = 4;
	rc = rule_send(&r, AUDIT_ADD_RULE);
	check(rc == EINVAL, "filter: a contid value that is not 8 bytes is refused (EINVAL, got %d)", rc);
}

/* -------- network namespaces -------- */

static void lo_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	ioctl(fd, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ioctl(fd, SIOCSIFFLAGS, &ifr);
	close(fd);
}

/*
 * Send one UDP packet to 127.0.0.1:port and wait until it is received, so
 * the input hook has logged it before the caller goes on (or exits).
 */
static void send_udp(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct timeval tv = { .tv_sec = 2 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), mark = port;
	int rfd = socket(AF_INET, SOCK_DGRAM, 0);
	char c;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(rfd, (void *)&sa, sizeof(sa));
	setsockopt(rfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* NETFILTER_PKT has no ports: find the packet by its mark */
	setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	sendto(fd, "x", 1, 0, (void *)&sa, sizeof(sa));
	if (recv(rfd, &c, 1, 0) != 1)
		printf("# packet to port %d not received\n", port);
	close(fd);
	close(rfd);
}

static int have_nft, have_iptables;

/* nft: log level audit for every udp packet of the netns */
static int nft_rule(int unused)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "nft add table ip contid && "
		 "nft add chain ip contid in '{ type filter hook input priority 0; }' && "
		 "nft add rule ip contid in meta l4proto udp log level audit");
	return system(cmd);
}

static int ipt_rule(int port)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "LD_PRELOAD=/lib/contid-noflock.so "
		 "iptables-legacy -A INPUT -p udp --dport %d -j AUDIT --type accept", port);
	return system(cmd);
}

/* the CONTAINER_ID list of the NETFILTER_PKT for dport; NULL if no PKT */
static const char *pkt_list(int port, char *out, size_t len, int *has_record)
{
	char pat[32];
	long i;

	snprintf(pat, sizeof(pat), "mark=%#x ", port);
	i = rec_find(T_NETFILTER_PKT, pat, NULL);
	out[0] = 0;
	*has_record = 0;
	if (i < 0)
		return NULL;
	*has_record = ends_with(recs[i].text, " record=1");
	return contid_for(i, out, len);
}

/* list contains exactly the given ids, in any order */
static int list_is(const char *list, int n, const uint64_t *ids)
{
	char buf[512], *tok, *save;
	int count = 0, k, found;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (tok[0] == '^')
			continue;
		found = 0;
		for (k = 0; k < n; k++)
			if (!strcmp(tok, u64s(ids[k])))
				found = 1;
		if (!found)
			return 0;
		count++;
	}
	return count == n;
}

static uint64_t na, nb, nm;

/* N: new netns with two labelled children; sends packets when told */
static void act_netns_n(long unused)
{
	struct gate g;
	pid_t a, b;

	(void)unused;
	if (unshare(CLONE_NEWNET))
		_exit(1);
	lo_up();
	gate_make(&g);
	a = fork_gated(&g);
	b = fork_gated(&g);
	sh->v[40] = a;
	sh->v[41] = b;
	sh->v[42] = 1;
	while (sh->v[43] == 0)	/* main labels a and b */
		usleep(1000);
	/* xt_AUDIT first, while nft has no rule in this netns */
	if (have_iptables && ipt_rule(4004) == 0)
		send_udp(4004);
	if (have_nft && nft_rule(4001) == 0)
		send_udp(4001);
	gate_open(&g);
	gate_open(&g);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	/* no containers left in this netns */
	if (have_nft)
		send_udp(4001 + 10);
}

static void act_netns_empty(long unused)
{
	(void)unused;
	if (unshare(CLONE_NEWNET))
		_exit(1);
	lo_up();
	if (have_nft && nft_rule(4002) == 0)
		send_udp(4002);
}

static void act_netns_move(long unused)
{
	char buf[64] = "";

	(void)unused;
	if (unshare(CLONE_NEWNET))
		_exit(1);
	lo_up();
	read_contid(getpid(), buf, sizeof(buf));
	if (!have_nft || nft_rule(4003))
		_exit(2);
	send_udp(4003);
	if (strcmp(buf, u64s(nm)))
		_exit(3);
}

static void test_netns(void)
{
	struct actor n, e, m;
	uint64_t ids[2];
	char list[512];
	int rec, rc;

	have_nft = system("nft --version >/dev/null 2>&1") == 0;
	have_iptables = system("iptables-legacy --version >/dev/null 2>&1") == 0;
	if (!check(have_nft, "netns: nft is available in the guest"))
		return;
	na = rand_id();
	nb = rand_id();
	nm = rand_id();
	sh->v[42] = sh->v[43] = 0;
	actor_start(&n, act_netns_n, 0);
	gate_open(&n.go);
	while (!sh->v[42])
		usleep(1000);
	rc = set_contid(sh->v[40], na) | set_contid(sh->v[41], nb);
	check(rc == 0, "netns: two tasks of a new netns labelled");
	sh->v[43] = 1;
	waitpid(n.pid, NULL, 0);
	actor_start(&e, act_netns_empty, 0);
	actor_finish(&e);
	actor_start(&m, act_netns_move, 0);
	rc = set_contid(m.pid, nm);
	if (rc)
		diag("labelling the netns mover failed: %d", rc);
	rc = actor_finish(&m);
	if (rc)
		diag("netns mover exited %d", rc);
	audit_sync();

	ids[0] = na;
	ids[1] = nb;
	check(pkt_list(4001, list, sizeof(list), &rec) && rec && list_is(list, 2, ids),
	      "netns: nft log NETFILTER_PKT has record=1 and one CONTAINER_ID listing both containers ('%s')",
	      list);
	if (have_iptables)
		check(pkt_list(4004, list, sizeof(list), &rec) && rec && list_is(list, 2, ids),
		      "netns: xt_AUDIT NETFILTER_PKT lists both containers ('%s')", list);
	check(pkt_list(4002, list, sizeof(list), &rec) && !rec && !list[0],
	      "netns: no CONTAINER_ID and no record= for a netns without containers");
	check(pkt_list(4011, list, sizeof(list), &rec) && !rec && !list[0],
	      "netns: the list empties when the containers' tasks exit");
	check(pkt_list(4003, list, sizeof(list), &rec) && rec && list_is(list, 1, &nm),
	      "netns: a contained task that unshares its netns is listed there ('%s')", list);
}

/* -------- capcontid -------- */

static uint64_t cu1, cu2;

static void act_userns(long sibling)
{
	struct gate g;
	char buf[64];
	pid_t c1, c2, c3;

	gate_make(&g);
	if (unshare(CLONE_NEWUSER))
		_exit(1);
	c1 = fork_gated(&g);
	sh->v[50] = set_contid(c1, cu1);
	sh->v[51] = 1;
	while (!sh->v[52])	/* main grants capcontid */
		usleep(1000);
	c2 = fork();
	if (c2 == 0) {
		/* capcontid is not inherited: reading needs it */
		sh->v[56] = read_proc(getpid(), "audit_capcontainerid", buf, sizeof(buf));
		gate_wait(&g);
		_exit(0);
	}
	sh->v[53] = set_contid(c2, cu2);
	read_contid(c2, sh->s[5], 100);
	sh->v[54] = set_capcontid((pid_t)sibling, "1\n");
	sh->v[57] = set_capcontid(c2, "2\n");
	c3 = fork();
	if (c3 == 0) {
		pid_t c4 = fork();

		if (c4 == 0) {
			gate_wait(&g);
			_exit(0);
		}
		sh->v[55] = set_capcontid(c4, "1\n");
		gate_wait(&g);
		_exit(0);
	}
	usleep(200000);
	for (int i = 0; i < 5; i++)
		gate_open(&g);
	while (wait(NULL) > 0)
		;
}

static void test_capcontid(void)
{
	struct actor u, sib;
	char buf[64] = "", pat[96];
	int rc;

	cu1 = rand_id();
	cu2 = rand_id();
	memset((void *)&sh->v[50], 0, 10 * sizeof(long));
	actor_start(&sib, NULL, 0);
	actor_start(&u, act_userns, sib.pid);
	gate_open(&u.go);
	while (!sh->v[51])
		usleep(1000);
	check(sh->v[50] == EPERM,
	      "capcontid: in a user namespace, labelling needs capcontid (EPERM, got %ld)", sh->v[50]);
	rc = set_capcontid(u.pid, "1\n");
	check(rc == 0, "capcontid: the orchestrator grants capcontid to a child (got %d)", rc);
	check(read_proc(u.pid, "audit_capcontainerid", buf, sizeof(buf)) == 0 && !strcmp(buf, "1"),
	      "capcontid: audit_capcontainerid reads 1 ('%s')", buf);
	sh->v[52] = 1;
	waitpid(u.pid, NULL, 0);
	actor_finish(&sib);
	audit_sync();
	check(sh->v[53] == 0, "capcontid: the user-namespace orchestrator labels its child (got %ld)", sh->v[53]);
	check(!strcmp(sh->s[5], u64s(cu2)), "capcontid: and reads the id back ('%s')", sh->s[5]);
	check(sh->v[54] == EXDEV, "capcontid: granting to a non-descendant fails (EXDEV, got %ld)", sh->v[54]);
	check(sh->v[55] == EPERM, "capcontid: granting without capability or capcontid fails (EPERM, got %ld)",
	      sh->v[55]);
	check(sh->v[56] == EPERM, "capcontid: is not inherited (child cannot read, EPERM, got %ld)", sh->v[56]);
	check(sh->v[57] == EINVAL, "capcontid: values other than 0/1 are refused (EINVAL, got %ld)", sh->v[57]);
	snprintf(pat, sizeof(pat), "opid=%d capcontid=1 old-capcontid=0", u.pid);
	check(rec_find(T_SET_CAPCONTID, pat, NULL) >= 0, "capcontid: SET_CAPCONTID record '%s'", pat);
}

/* -------- release and reuse -------- */

static void act_sighup_auditd(long unused)
{
	(void)unused;
	kill(auditd_helper, SIGHUP);
}

static void test_release(void)
{
	struct actor a, q, d;
	uint64_t rid = rand_id(), pid_id = rand_id(), did = rand_id();
	char pat[128];
	struct rule r;
	int rc, i;

	actor_start(&a, NULL, 0);
	set_contid(a.pid, rid);
	rc = in_child(child_other_orch, (long)rid);
	check(rc == ENOTUNIQ, "release: while its task lives, another orchestrator cannot take the id (got %d)", rc);
	actor_finish(&a);
	rc = in_child(child_other_orch, (long)rid);
	check(rc == 0, "release: once its last task exited, any orchestrator may reuse the id (got %d)", rc);

	/* the id of a task that signalled auditd stays pinned until SIGNAL_INFO */
	actor_start(&a, act_sighup_auditd, 0);
	set_contid(a.pid, pid_id);
	actor_finish(&a);
	actor_start(&q, NULL, 0);
	rc = set_contid(q.pid, pid_id);
	check(rc == ENOTUNIQ, "release: an id pinned by a signal to auditd is not yet released (ENOTUNIQ, got %d)", rc);
	have_sig = 0;
	nl_request(AUDIT_SIGNAL_INFO, NULL, 0);
	for (i = 0; i < 50 && !have_sig; i++)
		nl_recv(100, 0, NULL);
	check(have_sig && last_sig.pid == a.pid, "release: AUDIT_SIGNAL_INFO names the signaller (pid %d)",
	      have_sig ? last_sig.pid : -1);
	rc = set_contid(q.pid, pid_id);
	check(rc == 0, "release: after SIGNAL_INFO was read the id is reusable (got %d)", rc);
	actor_finish(&q);

	/* op=drop when the last task's exit is audited */
	actor_start(&d, NULL, 0);
	set_contid(d.pid, did);
	rule_pid_syscall(&r, SYS_exit_group, d.pid, "contid-drop");
	rule_send(&r, AUDIT_ADD_RULE);
	actor_finish(&d);
	audit_sync();
	rule_send(&r, AUDIT_DEL_RULE);
	snprintf(pat, sizeof(pat), "op=drop opid=%d contid=-1 old-contid=%s", d.pid, u64s(did));
	check(rec_find(T_CONTAINER_OP, pat, NULL) >= 0, "release: '%s' logged at the audited exit", pat);
}

static int main_checks(void)
{
	test_interface();
	test_set_rules();
	test_threads();
	test_permissions();
	test_syscall_records();
	test_user_records();
	test_container_op();
	test_nesting_signals();
	test_deep_nesting();
	test_filters();
	test_netns();
	test_capcontid();
	test_release();
	return 0;
}

/* ------------------------------------------------------------ benchmark */

static long ns_between(struct timespec *a, struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000L + (b->tv_nsec - a->tv_nsec);
}

/* n audited openat+close; CPU time of this task (where the records are built) and wall time */
static void act_bench(long n)
{
	struct timespec c0, c1, w0, w1;
	long k;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &w0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	for (k = 0; k < n; k++) {
		fd = openat(AT_FDCWD, "/tmp/contid-bench", O_RDONLY | O_CREAT, 0600);
		if (fd >= 0)
			close(fd);
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	clock_gettime(CLOCK_MONOTONIC, &w1);
	sh->v[60] = ns_between(&c0, &c1);
	sh->v[61] = ns_between(&w0, &w1);
}

/* ns per audited openat (CPU, wall), with or without a contid on the task */
static void bench_run(int n, int with_contid, long *cpu, long *wall)
{
	struct actor a;
	struct rule r;
	int st;

	actor_start(&a, act_bench, n);
	if (with_contid)
		set_contid(a.pid, rand_id());
	rule_pid_syscall(&r, SYS_openat, a.pid, "bench");
	rule_send(&r, AUDIT_ADD_RULE);
	gate_open(&a.go);
	while (waitpid(a.pid, &st, WNOHANG) == 0)
		nl_recv(5, 0, NULL);	/* keep draining, like auditd */
	rule_send(&r, AUDIT_DEL_RULE);
	nl_recv(200, 0, NULL);
	close(a.go.fd[0]);
	close(a.go.fd[1]);
	*cpu = sh->v[60] / n;
	*wall = sh->v[61] / n;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

#define BENCH_ROUNDS 11

/*
 * Rounds alternate between a task without and a task with a contid; the
 * ratio is taken on the medians (and the minima) of the per-call CPU time
 * of the task, which is where the records are built.
 */
static int bench(int n)
{
	long pc[BENCH_ROUNDS], cc[BENCH_ROUNDS], pw[BENCH_ROUNDS], cw[BENCH_ROUNDS], dummy;
	int k, m = BENCH_ROUNDS / 2;
	long seen0 = n_seen;
	double ratio, ratio_min, ratio_wall;

	store_records = 0;
	bench_run(n / 10, 0, &dummy, &dummy);	/* warm up */
	for (k = 0; k < BENCH_ROUNDS; k++) {
		if (k % 2) {
			bench_run(n, 1, &cc[k], &cw[k]);
			bench_run(n, 0, &pc[k], &pw[k]);
		} else {
			bench_run(n, 0, &pc[k], &pw[k]);
			bench_run(n, 1, &cc[k], &cw[k]);
		}
		printf("# round %d: cpu ns/op no contid %ld, contid %ld; wall %ld, %ld\n",
		       k, pc[k], cc[k], pw[k], cw[k]);
	}
	qsort(pc, BENCH_ROUNDS, sizeof(long), cmp_long);
	qsort(cc, BENCH_ROUNDS, sizeof(long), cmp_long);
	qsort(pw, BENCH_ROUNDS, sizeof(long), cmp_long);
	qsort(cw, BENCH_ROUNDS, sizeof(long), cmp_long);
	ratio = (double)cc[m] / (double)pc[m];
	ratio_min = (double)cc[0] / (double)pc[0];
	ratio_wall = (double)cw[m] / (double)pw[m];
	printf("bench: audited openat, %d calls x %d rounds: CPU ns/op median no contid %ld, "
	       "with contid %ld, ratio %.4f (minima ratio %.4f); wall ratio %.4f; %ld records\n",
	       n, BENCH_ROUNDS, pc[m], cc[m], ratio, ratio_min, ratio_wall, n_seen - seen0);
	check(ratio <= 1.05, "bench: contid overhead ratio %.4f <= 1.05", ratio);
	printf("%d passed, %d failed\n", n_checks - n_failed, n_failed);
	return n_failed ? 1 : 0;
}

/* ---------------------------------------------------------- e2e mode */

/*
 * e2e: auditd is the audit daemon; we only add rules and act.  Prints what
 * each container did, for kernel/recordings/README.md.
 */
static void e2e_open(long tag)
{
	open_tagged("e2e", tag);
}

static void e2e_work(long tag)
{
	char msg[64];

	e2e_open(tag);
	snprintf(msg, sizeof(msg), "e2e-user-%ld", tag);
	send_user_msg(msg);
}

/* 1002 labels a child 1003, which labels its child 1007; all work */
static void e2e_nest(long unused)
{
	struct gate g;
	pid_t c;

	gate_make(&g);
	c = fork();
	if (c == 0) {
		struct gate g2;
		pid_t cc;

		gate_wait(&g);
		gate_make(&g2);
		cc = fork();
		if (cc == 0) {
			gate_wait(&g2);
			e2e_work(1007);
			_exit(0);
		}
		printf("# e2e: 1003 (pid %d) labels pid %d with 1007: %s\n", getpid(), cc,
		       strerror(set_contid(cc, 1007)));
		gate_open(&g2);
		waitpid(cc, NULL, 0);
		e2e_work(1003);
		_exit(0);
	}
	printf("# e2e: 1002 (pid %d) labels pid %d with 1003: %s\n", getpid(), c,
	       strerror(set_contid(c, 1003)));
	gate_open(&g);
	waitpid(c, NULL, 0);
	e2e_work(1002);
}

static void e2e_netns(long unused)
{
	struct gate g;
	pid_t a, b;

	if (unshare(CLONE_NEWNET))
		_exit(1);
	lo_up();
	gate_make(&g);
	a = fork();
	if (a == 0) {
		gate_wait(&g);
		e2e_open(1005);
		_exit(0);
	}
	b = fork();
	if (b == 0) {
		gate_wait(&g);
		e2e_open(1006);
		_exit(0);
	}
	sh->v[40] = a;
	sh->v[41] = b;
	sh->v[42] = 1;
	while (!sh->v[43])
		usleep(1000);
	if (nft_rule(5001) == 0)
		send_udp(5001);
	gate_open(&g);
	gate_open(&g);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
}

static int e2e(void)
{
	struct actor a, b, k, v, n;
	struct rule r;
	int rc;

	audit_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (audit_fd < 0)
		return 1;
	/* every openat and kill of a contained task */
	rule_init(&r, AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	rule_syscall(&r, SYS_openat);
	rule_syscall(&r, SYS_kill);
	rule_field(&r, AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_X86_64);
	rule_contid(&r, AUDIT_NOT_EQUAL, CID_UNSET);
	rule_str(&r, AUDIT_FILTERKEY, "e2e-contained");
	rc = rule_send(&r, AUDIT_ADD_RULE);
	printf("# e2e: rule -a exit,always -S openat -S kill -F contid!=unset -k e2e-contained: %s\n",
	       strerror(rc));

	actor_start(&a, e2e_work, 1001);
	printf("# e2e: orchestrator pid %d labels pid %d with 1001: %s\n", getpid(), a.pid,
	       strerror(set_contid(a.pid, 1001)));
	actor_finish(&a);

	actor_start(&b, e2e_nest, 0);
	printf("# e2e: orchestrator labels pid %d with 1002: %s\n", b.pid,
	       strerror(set_contid(b.pid, 1002)));
	actor_finish(&b);

	/* 1004 signals a task of 1008 */
	actor_start(&v, NULL, 0);
	printf("# e2e: orchestrator labels pid %d with 1008: %s\n", v.pid,
	       strerror(set_contid(v.pid, 1008)));
	actor_start(&k, act_kill_group, v.pid);
	setpgid(v.pid, v.pid);
	printf("# e2e: orchestrator labels pid %d with 1004 (kills 1008's task): %s\n", k.pid,
	       strerror(set_contid(k.pid, 1004)));
	actor_finish(&k);
	waitpid(v.pid, NULL, 0);

	/* a refused attempt: 1001 is free again, but 1002's owner reuse is fine;
	 * try to give a task with a child an id */
	rc = in_child(child_other_orch, 1008);
	printf("# e2e: another orchestrator reuses 1008 after its task died: %s\n", strerror(rc));

	sh->v[42] = sh->v[43] = 0;
	actor_start(&n, e2e_netns, 0);
	gate_open(&n.go);
	while (!sh->v[42])
		usleep(1000);
	printf("# e2e: netns tasks %ld -> 1005: %s, %ld -> 1006: %s\n",
	       sh->v[40], strerror(set_contid(sh->v[40], 1005)),
	       sh->v[41], strerror(set_contid(sh->v[41], 1006)));
	sh->v[43] = 1;
	waitpid(n.pid, NULL, 0);

	rc = set_contid(getpid(), 1009);
	printf("# e2e: self-set of 1009 refused: %s\n", strerror(rc));
	rule_send(&r, AUDIT_DEL_RULE);
	printf("e2e done\n");
	return 0;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	signal(SIGHUP, SIG_IGN);	/* a test signals the audit daemon */
	alarm(900);
	if (argc > 1 && !strcmp(argv[1], "e2e"))
		return e2e();
	rc = audit_open();
	if (!check(rc == 0, "registered as audit daemon over NETLINK_AUDIT (got %d)", rc))
		goto out;
	if (argc > 1 && !strcmp(argv[1], "bench")) {
		rc = bench(argc > 2 ? atoi(argv[2]) : 5000);
		kill(auditd_helper, SIGKILL);
		return rc;
	}
	main_checks();
out:
	if (auditd_helper > 0)
		kill(auditd_helper, SIGKILL);
	printf("%d passed, %d failed\n", n_checks - n_failed, n_failed);
	return n_failed ? 1 : 0;
}
