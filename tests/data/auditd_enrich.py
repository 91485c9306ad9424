# SPDX-License-Identifier: GPL-2.0-or-later
"""ENRICHED formatting of a RAW audit record, as Debian auditd 3.0.9 does it.

auditd (src/auditd-event.c, format_enrich) parses the raw record with
libauparse and appends, after a 0x1d separator, NAME=value for every field
whose auparse type is UID or GID (value encoded with audit_encode_nv_string,
i.e. NAME="text") or SYSCALL, ARCH or SOCKADDR (NAME=text). Records without
such fields get no separator. This module calls the same libauparse through
ctypes, so synthetic records get exactly the enrichment auditd would write
on this machine. generate_samples.py checks it against a real ENRICHED log.
"""

import ctypes
import ctypes.util

_AUSOURCE_BUFFER = 3
_AUPARSE_ESC_RAW = 0
_TYPE_UID, _TYPE_GID, _TYPE_SYSCALL, _TYPE_ARCH, _TYPE_SOCKADDR = 1, 2, 3, 4, 9
_SEPARATOR = "\x1d"

_auparse = ctypes.CDLL(ctypes.util.find_library("auparse") or "libauparse.so.0")
_audit = ctypes.CDLL(ctypes.util.find_library("audit") or "libaudit.so.1")
_libc = ctypes.CDLL(None)

_auparse.auparse_init.restype = ctypes.c_void_p
_auparse.auparse_init.argtypes = [ctypes.c_int, ctypes.c_char_p]
for _name in ("auparse_first_record", "auparse_get_field_type", "auparse_next_field"):
    getattr(_auparse, _name).argtypes = [ctypes.c_void_p]
    getattr(_auparse, _name).restype = ctypes.c_int
for _name in ("auparse_get_field_name", "auparse_interpret_field"):
    getattr(_auparse, _name).argtypes = [ctypes.c_void_p]
    getattr(_auparse, _name).restype = ctypes.c_char_p
_auparse.auparse_set_escape_mode.argtypes = [ctypes.c_void_p, ctypes.c_int]
_auparse.auparse_destroy.argtypes = [ctypes.c_void_p]
_audit.audit_encode_nv_string.restype = ctypes.c_void_p
_audit.audit_encode_nv_string.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
_libc.free.argtypes = [ctypes.c_void_p]


def enrich(raw_line: str) -> str:
    """Returns raw_line with auditd's ENRICHED suffix (if any) appended."""
    buffer = (raw_line + "\n").encode()
    au = _auparse.auparse_init(_AUSOURCE_BUFFER, buffer)
    if not au:
        return raw_line
    try:
        _auparse.auparse_set_escape_mode(au, _AUPARSE_ESC_RAW)
        parts = []
        rc = _auparse.auparse_first_record(au)
        while rc > 0:
            kind = _auparse.auparse_get_field_type(au)
            if kind in (_TYPE_UID, _TYPE_GID, _TYPE_SYSCALL, _TYPE_ARCH, _TYPE_SOCKADDR):
                name = _auparse.auparse_get_field_name(au).decode().upper()
                value = _auparse.auparse_interpret_field(au)
                value = value if value is not None else b"?"
                if kind in (_TYPE_UID, _TYPE_GID):
                    encoded = _audit.audit_encode_nv_string(name.encode(), value, len(value))
                    parts.append(ctypes.string_at(encoded).decode())
                    _libc.free(encoded)
                else:
                    parts.append(f"{name}={value.decode()}")
            rc = _auparse.auparse_next_field(au)
    finally:
        _auparse.auparse_destroy(au)
    return raw_line + (_SEPARATOR + " ".join(parts) if parts else "")
