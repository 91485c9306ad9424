#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# compare_rules.sh WORKDIR: prints the audit rules for workload.sh (auditctl
# -R format). Every rule is limited to the workload's loginuid (4242).
set -u
work=${1:?usage: compare_rules.sh WORKDIR}
cat <<RULES
-a always,exit -F arch=b64 -S execve -F auid=4242 -k contid_exec
-a always,exit -F arch=b64 -S openat,open -F exit=-ENOENT -F exe=/usr/bin/cat -F auid=4242 -k contid_enoent
-a always,exit -F arch=b64 -S kill,tgkill -F auid=4242 -k contid_kill
-a always,exit -F arch=b64 -S unshare -F auid=4242 -k contid_ns
-a always,exit -F dir=$work/watched -F perm=rwa -F auid=4242 -k contid_watch
RULES
