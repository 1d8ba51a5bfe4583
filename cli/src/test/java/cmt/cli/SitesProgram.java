package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test helper: a C program whose allocations come from functions of known names and call counts, so a
 * test can check that a recorder and {@code cmt sites} attribute every block to the function that made
 * it. Each function allocates one size no other call uses ({@link #EXPECTED}): size 1001 always comes
 * from {@code alloc_a}, and so on. Built with {@code gcc -O0} so that nothing is inlined or elided.
 */
final class SitesProgram {
    /** Block size to {function, calls}. */
    static final Map<Long, Expected> EXPECTED = Map.of(
            1001L, new Expected("alloc_a", 3),
            2002L, new Expected("alloc_b", 5),
            3003L, new Expected("alloc_c", 7),
            4004L, new Expected("grow_d", 2));

    /** What the program does at one block size. */
    record Expected(String function, int calls) {
    }

    static final String SOURCE = """
            #include <stdlib.h>
            #include <string.h>

            static void *keep[64];
            static int kept;

            __attribute__((noinline)) void *alloc_a(void) { return malloc(1001); }
            __attribute__((noinline)) void *alloc_b(void) { return malloc(2002); }
            __attribute__((noinline)) void *alloc_c(void) { return calloc(1, 3003); }
            __attribute__((noinline)) void *grow_d(void *p) { return realloc(p, 4004); }

            int main(void) {
                for (int i = 0; i < 3; i++) keep[kept++] = alloc_a();
                for (int i = 0; i < 5; i++) keep[kept++] = alloc_b();
                for (int i = 0; i < 7; i++) keep[kept++] = alloc_c();
                for (int i = 0; i < 2; i++) {
                    void *p = malloc(16);
                    memset(p, i, 16);
                    keep[kept++] = grow_d(p);
                }
                for (int i = 0; i < kept; i++) free(keep[i]);
                return 0;
            }
            """;

    private SitesProgram() {
    }

    /** Skips the test unless gcc is on the PATH. */
    static void assumeGcc() {
        assumeTrue(Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "gcc"))), "gcc is not installed");
    }

    /** The program compiled into {@code dir} (once). */
    static Path build(Path dir) throws IOException, InterruptedException {
        Path bin = dir.resolve("sites-program");
        if (!Files.exists(bin)) {
            Path c = Files.writeString(dir.resolve("sites-program.c"), SOURCE);
            Process p = new ProcessBuilder("gcc", "-O0", "-g", "-fno-omit-frame-pointer", "-o", bin.toString(),
                    c.toString()).inheritIO().start();
            assertEquals(0, p.waitFor(), "gcc failed on sites-program.c");
        }
        return bin;
    }
}
