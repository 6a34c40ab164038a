# UK_PLAT_SELECT
# --------------
# Maps --host=ARCH-PLAT onto a toolchain triplet before AC_CANONICAL_HOST
# runs, and sets UK_ARCH, UK_PLAT. ARCH-PLAT is one of the libuk platforms,
# not a GNU triplet; the cross compiler is found by its usual prefixes.
AC_DEFUN([UK_PLAT_SELECT], [
uk_platforms="x86_64-kvm aarch64-kvm aarch64-rpi3 x86_64-xen"
uk_build_arch=`uname -m 2>/dev/null`
test "x$uk_build_arch" = xarm64 && uk_build_arch=aarch64
uk_target=$host_alias
AS_IF([test "x$uk_target" = x], [
	AS_CASE([$uk_build_arch],
		[aarch64], [uk_target=aarch64-kvm],
		[uk_target=x86_64-kvm])])
AS_CASE([$uk_target],
	[x86_64-kvm], [UK_ARCH=x86_64; UK_PLAT=kvm],
	[aarch64-kvm], [UK_ARCH=aarch64; UK_PLAT=kvm],
	[aarch64-rpi3], [UK_ARCH=aarch64; UK_PLAT=rpi3],
	[x86_64-xen], [UK_ARCH=x86_64; UK_PLAT=xen],
	[AC_MSG_ERROR([--host=$uk_target is not a libuk platform; valid values: $uk_platforms])])
AC_MSG_CHECKING([for the libuk platform])
AC_MSG_RESULT([$UK_ARCH-$UK_PLAT])

# Find the toolchain: native when the build machine has the architecture,
# otherwise the first cross prefix whose gcc exists (or the user's CC).
AS_IF([test "x$UK_ARCH" = "x$uk_build_arch"], [
	host_alias=
	ac_tool_prefix=
	cross_compiling=no
], [
	host_alias=
	for uk_p in $UK_ARCH-linux-gnu $UK_ARCH-none-elf $UK_ARCH-elf; do
		AS_IF([command -v $uk_p-gcc >/dev/null 2>&1], [
			host_alias=$uk_p
			break])
	done
	AS_IF([test "x$host_alias" = x], [
		AS_IF([test "x$CC" = x],
			[AC_MSG_ERROR([no cross compiler for $UK_ARCH: install gcc-$UK_ARCH-linux-gnu (tools/install-deps does) or set CC=])])
		host_alias=$UK_ARCH-unknown-elf
		ac_tool_prefix=
	], [
		ac_tool_prefix=$host_alias-
	])
	cross_compiling=yes
])
host=$host_alias
UK_ARCH_UPPER=`echo $UK_ARCH | tr a-z A-Z`
UK_PLAT_UPPER=`echo $UK_PLAT | tr a-z A-Z`
AC_SUBST([UK_ARCH])
AC_SUBST([UK_PLAT])
AC_SUBST([UK_ARCH_UPPER])
AC_SUBST([UK_PLAT_UPPER])
])

# UK_PLAT_REQUIRE_IMPLEMENTED
# ---------------------------
# Refuses the platforms whose issue has not landed yet.
AC_DEFUN([UK_PLAT_REQUIRE_IMPLEMENTED], [
AS_CASE([$UK_ARCH-$UK_PLAT],
	[x86_64-kvm | aarch64-kvm | aarch64-rpi3 | x86_64-xen], [],
	[AC_MSG_ERROR([platform $UK_ARCH-$UK_PLAT: not implemented yet (x86_64-kvm, aarch64-kvm, aarch64-rpi3 and x86_64-xen build so far)])])
])
