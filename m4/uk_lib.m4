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
