/* A two-threaded allocation churn: the program the recording tests compile (cli RecordTest). */
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
static void *work(void *arg) {
    void *p[64] = {0};
    for (int i = 0; i < 2000; i++) {
        int k = (i * 7) % 64;
        free(p[k]);
        p[k] = malloc(8 + (i * 13) % 500);
        if (i % 5 == 0) p[k] = realloc(p[k], 16 + i % 900);
    }
    for (int k = 0; k < 64; k++) free(p[k]);
    return arg;
}
int main(void) {
    void *volatile nothing = 0;
    free(nothing);
    void *z = malloc(0);
    void *c = calloc(10, 24);
    void *a = 0;
    if (posix_memalign(&a, 64, 200)) return 1;
    void *m = memalign(128, 50);
    void *r = realloc(nothing, 40);
    r = realloc(r, 0);
    pthread_t t;
    pthread_create(&t, 0, work, 0);
    work(0);
    pthread_join(t, 0);
    free(z); free(c); free(a); free(m); free(r);
    return 0;
}
