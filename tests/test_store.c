#include <criterion/criterion.h>
Test(placeholder, store) { cr_assert(1); }
