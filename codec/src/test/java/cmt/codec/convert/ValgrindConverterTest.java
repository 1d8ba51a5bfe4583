package cmt.codec.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.TraceException;
import cmt.codec.Repairs.Kind;
import org.junit.jupiter.api.Test;

class ValgrindConverterTest {
    @Test
    void everyOddLineOfValgrind319() {
        String log = """
                ==9363== Memcheck, a memory error detector
                --9363--   SCHED[1]:  acquired lock (thread_wrapper(starting new thread))
                program output without a prefix
                --9363-- malloc(10) = 0x4A40040
                --9363-- realloc(0x4A40040,100) = 0x4A40090
                --9363-- calloc(3,8) = 0x4A40140
                --9363-- memalign(al 64, size 100) = 0x4A40200
                --9363-- malloc(0) = 0x4A40410
                --9363-- realloc(0x0,1600)malloc(1600) = 0x4A41000
                --9363-- malloc(16) = 0x4A401A0
                --9363-- realloc(0x4A401A0,0)free(0x4A401A0)
                --9363--  = 0
                --9363-- _Znwm(4) = 0x4D6DC80
                --9363-- _ZdlPvm(0x4D6DC80)
                --9363-- _ZnwmSt11align_val_t(size 128, al 64) = 0x4D6DD80
                --9363-- _ZdlPvmSt11align_val_t(0x4D6DD80)
                --9363-- malloc_usable_size(0x4A40410) = 24
                --9363-- free(0x0)
                --9363-- Caught __NR_exit; running __gnu_cxx::__freeres and __libc_freeres() wrapper
                --9363-- free(0x4A40090)
                ==9363==   total heap usage: 10 allocs, 5 frees, 3,442 bytes allocated
                """;
        Converted c = Converted.of(new ValgrindConverter(null), log);
        assertEquals("""
                malloc(10) = 0x4a40040 tid=1
                realloc(0x4a40040, 100) = 0x4a40090 tid=1
                calloc(3, 8) = 0x4a40140 tid=1
                memalign(64, 100) = 0x4a40200 tid=1
                malloc(1) = 0x4a40410 tid=1
                malloc(1600) = 0x4a41000 tid=1
                malloc(16) = 0x4a401a0 tid=1
                free(0x4a401a0) tid=1
                malloc(4) = 0x4d6dc80 tid=1
                free(0x4d6dc80) tid=1
                memalign(64, 128) = 0x4d6dd80 tid=1
                free(0x4d6dd80) tid=1
                free(0x4a40090) tid=1
                """, c.text());
        assertEquals(1, c.count(Kind.ZERO_SIZE));
        assertEquals(1, c.count(Kind.REALLOC_NULL));
        assertEquals(1, c.count(Kind.REALLOC_TO_ZERO));
        assertEquals(1, c.count(Kind.FREE_NULL));
        ValgrindConverter v = (ValgrindConverter) c.converter();
        assertEquals(10, v.summaryAllocs());
        assertEquals(5, v.summaryFrees());
        assertTrue(v.report().contains("valgrind counted 10 allocs and 5 frees, the trace has 9 allocating and 5"
                + " ending events (they differ)"), v.report());
    }

    @Test
    void resultsAfterThreadSwitches() {
        String log = """
                --7-- SCHED[1]:  acquired lock (x)
                --7-- malloc(26)  SCHED[1]: releasing lock (VG_(scheduler):timeslice) -> VgTs_Yielding
                --7--   SCHED[2]:  acquired lock (VG_(scheduler):timeslice)
                --7-- malloc(8) = 0x100
                --7--   SCHED[2]: releasing lock (x) -> VgTs_WaitSys
                --7--   SCHED[1]:  acquired lock (x)
                --7--  = 0x200
                --7-- malloc(30)
                --7--   SCHED[2]:  acquired lock (x)
                --7--  = 0x300
                --7-- free(0x100)
                """;
        Converted c = Converted.of(new ValgrindConverter(null), log);
        assertEquals("""
                malloc(8) = 0x100 tid=2
                malloc(26) = 0x200 tid=1
                malloc(30) = 0x300 tid=1
                free(0x100) tid=2
                """, c.text());
        assertEquals(0, c.converter().repairs().total());
    }

    @Test
    void callsWithoutResultAndOtherProcesses() {
        String log = """
                --5-- posix_memalign(al 64, size 100)
                --5-- malloc(8) = 0x10
                --6-- malloc(8) = 0x10
                --5-- free(0x20)
                --5-- malloc(9)
                """;
        Converted c = Converted.of(new ValgrindConverter(null), log);
        assertEquals("malloc(8) = 0x10\n", c.text());
        assertEquals(2, c.count(Kind.NO_RESULT));
        assertEquals(1, c.count(Kind.OTHER_PROCESS));
        assertEquals(1, c.count(Kind.FREE_NOT_LIVE));
        assertTrue(c.converter().report().contains("kept process 5; skipped pid 6 (1 calls)"), c.converter().report());
        Converted six = Converted.of(new ValgrindConverter(6L), log);
        assertEquals("malloc(8) = 0x10\n", six.text());
        assertEquals(4, six.count(Kind.OTHER_PROCESS));
    }

    @Test
    void errorsNameTheLine() {
        assertError("--5-- malloc(8) = 0x10\n--5--  = 0x20\n", "fixture:2: result without a call");
        assertError("--5-- malloc(8) = 0xZ\n", "fixture:1: expected a hexadecimal number at column 21");
        assertError("--5-- calloc(1) = 0x10\n", "fixture:1: calloc with 1 arguments");
        assertError("--5-- malloc(8) = 0x10 junk\n", "fixture:1: unexpected text after malloc(...)");
        assertError("--5-- SCHED[1]:  acquired lock\n--5-- malloc(8)\n--5-- SCHED[2]:  acquired lock\n"
                + "--5-- malloc(9)\n--5-- SCHED[3]:  acquired lock\n--5--  = 0x10\n",
                "fixture:6: result cannot be matched: 2 threads wait for one");
    }

    private static void assertError(String log, String start) {
        TraceException e = assertThrows(TraceException.class, () -> Converted.of(new ValgrindConverter(null), log));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
