#include "vp_guest.h"

int main(void) {
    vp_puts("hello from the guest\n");
    return 0;
}
