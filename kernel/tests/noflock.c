/*
 * LD_PRELOAD shim for iptables-legacy in the guest: the test kernel is built without
 * CONFIG_FILE_LOCKING, so flock() fails with ENOSYS and iptables refuses to run.
 * Nothing else runs iptables there, so pretend the lock was taken.
 */
int flock(int fd, int operation)
{
	(void)fd;
	(void)operation;
	return 0;
}
