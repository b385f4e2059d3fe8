#include <criterion/criterion.h>
Test(placeholder, engine) { cr_assert(1); }
