#define _GNU_SOURCE
#include <sched.h>
#include "CLatentKernels.h"

int latent_allowed_cpus(void) {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return 0;
    return CPU_COUNT(&allowed);
}
