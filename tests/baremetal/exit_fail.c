#include "vp_guest.h"

int main(void) {
    return 7;
}
