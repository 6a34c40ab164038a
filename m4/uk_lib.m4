# UK_WITH_CHOICE(NAME, HELP, VALID, IMPLEMENTED, DEFAULT)
# -------------------------------------------------------
# --with-NAME=VALUE where VALUE must be one of VALID (a space-separated
# list). Values in VALID but not in IMPLEMENTED are refused as "not
# implemented yet". Sets UK_NAME (lower case) and UK_NAME_UPPER and
# substitutes both.
AC_DEFUN([UK_WITH_CHOICE], [
AC_ARG_WITH([$1], [AS_HELP_STRING([--with-$1=VALUE], [$2 (one of: $3; default $5)])],
	[uk_val=$withval], [uk_val=$5])
uk_ok=no
for uk_v in $3; do
	test "x$uk_v" = "x$uk_val" && uk_ok=yes
done
AS_IF([test $uk_ok = no],
	[AC_MSG_ERROR([--with-$1=$uk_val is not valid; valid values: $3])])
uk_ok=no
for uk_v in $4; do
	test "x$uk_v" = "x$uk_val" && uk_ok=yes
done
AS_IF([test $uk_ok = no],
	[AC_MSG_ERROR([--with-$1=$uk_val: not implemented yet (implemented: $4)])])
AC_MSG_CHECKING([for $1])
AC_MSG_RESULT([$uk_val])
m4_toupper([UK_$1])=$uk_val
m4_toupper([UK_$1])_UPPER=`echo $uk_val | tr a-z A-Z`
AC_SUBST(m4_toupper([UK_$1]))
AC_SUBST(m4_toupper([UK_$1])[_UPPER])
])

# UK_LIB_ENABLE(NAME, HELP, DEFAULT)
# ----------------------------------
# --enable-NAME / --disable-NAME for the optional micro-library
# libuk/NAME. DEFAULT (yes or no, may be a shell expression) applies
# without either. Sets UK_LIB_NAME to 0 or 1 (substituted, for
# uk/config.h) and the automake conditional UK_LIB_NAME.
AC_DEFUN([UK_LIB_ENABLE], [
AC_ARG_ENABLE([$1], [AS_HELP_STRING([--enable-$1], [$2])],
	[uk_val=$enableval], [uk_val=$3])
AS_CASE([$uk_val], [yes], [m4_toupper([UK_LIB_$1])=1],
	[no], [m4_toupper([UK_LIB_$1])=0],
	[AC_MSG_ERROR([--enable-$1 takes no value (or use --disable-$1)])])
AC_MSG_CHECKING([for the $1 library])
AC_MSG_RESULT([$uk_val])
AC_SUBST(m4_toupper([UK_LIB_$1]))
AM_CONDITIONAL(m4_toupper([UK_LIB_$1]), [test $m4_toupper([UK_LIB_$1]) = 1])
])
