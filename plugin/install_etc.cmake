# SPDX-License-Identifier: GPL-2.0-or-later
# Run by `cmake --install` (see CMakeLists.txt): CMAKE_INSTALL_PREFIX is the
# prefix of this install; CONTID_SYSCONFDIR, CONTID_SBINDIR,
# CONTID_PLUGIN_SOURCE_DIR and CONTID_STAGE_DIR come from the build tree.
string(REGEX REPLACE "(.)/+$" "\\1" prefix "${CMAKE_INSTALL_PREFIX}")
if(IS_ABSOLUTE "${CONTID_SYSCONFDIR}")
  set(etc "${CONTID_SYSCONFDIR}")
elseif(prefix STREQUAL "/" OR prefix STREQUAL "/usr")
  set(etc "/${CONTID_SYSCONFDIR}")
elseif(prefix MATCHES "^/opt/")
  set(etc "/${CONTID_SYSCONFDIR}${prefix}")
else()
  set(etc "${prefix}/${CONTID_SYSCONFDIR}")
endif()
if(IS_ABSOLUTE "${CONTID_SBINDIR}")
  set(sbin "${CONTID_SBINDIR}")
elseif(prefix STREQUAL "/")
  set(sbin "/${CONTID_SBINDIR}")
else()
  set(sbin "${prefix}/${CONTID_SBINDIR}")
endif()

set(CONTID_CONFIG_DIR "${etc}/audit")
set(CONTID_PLUGIN_PATH "${sbin}/audisp-contid")
set(stage "${CONTID_STAGE_DIR}/audit")
file(REMOVE_RECURSE "${CONTID_STAGE_DIR}")
configure_file("${CONTID_PLUGIN_SOURCE_DIR}/plugins.d/audisp-contid.conf.in"
               "${stage}/plugins.d/audisp-contid.conf" @ONLY)
configure_file("${CONTID_PLUGIN_SOURCE_DIR}/audisp-contid.conf.in"
               "${stage}/audisp-contid.conf" @ONLY)
configure_file("${CONTID_PLUGIN_SOURCE_DIR}/contid-routes.d/default.conf"
               "${stage}/contid-routes.d/default.conf" COPYONLY)
# Keeps the registrations stock auditd logs as msg=lost (plugin/examples/README).
configure_file("${CONTID_PLUGIN_SOURCE_DIR}/contid-routes.d/registrations.conf"
               "${stage}/contid-routes.d/registrations.conf" COPYONLY)
file(INSTALL DESTINATION "${etc}" TYPE DIRECTORY FILES "${stage}"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
     DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE)
