/* The hello example: an ordinary C program, built and booted with
 *   cc hello.c $(pkg-config --cflags --libs uk-kvm) -o hello && uk-run hello
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("Hello, world!\n");
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return 0;
}
