/*
 * A multi-threaded malloc benchmark for bench/record-overhead.sh: THREADS threads each run ROUNDS of
 * malloc/realloc/free over a ring of 256 slots with sizes from 16 B to 4 KiB, and hand one block in 16
 * to the next thread to free (cross-thread frees, as a producer/consumer program makes).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256
static int threads = 4;
static long rounds = 1000000;
static void *_Atomic handoff[64][SLOTS];

static void *work(void *arg) {
    long me = (long)arg;
    void *ring[SLOTS] = {0};
    unsigned x = (unsigned)me * 2654435761u + 1;
    for (long i = 0; i < rounds; i++) {
        x = x * 1103515245u + 12345u;
        int k = (x >> 8) % SLOTS;
        size_t n = 16 + (x >> 16) % 4080;
        free(ring[k]);
        ring[k] = malloc(n);
        memset(ring[k], 1, 16);
        if ((x & 7) == 0) {
            ring[k] = realloc(ring[k], n + 64);
        }
        if ((x & 15) == 1) {
            void *old = atomic_exchange(&handoff[(me + 1) % threads][k], ring[k]);
            free(old);
            ring[k] = NULL;
        }
    }
    for (int k = 0; k < SLOTS; k++) {
        free(ring[k]);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1) threads = atoi(argv[1]);
    if (argc > 2) rounds = atol(argv[2]);
    if (threads < 1 || threads > 64) return 2;
    pthread_t t[64];
    for (long i = 0; i < threads; i++) pthread_create(&t[i], NULL, work, (void *)i);
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < threads; i++)
        for (int k = 0; k < SLOTS; k++) free(handoff[i][k]);
    return 0;
}
