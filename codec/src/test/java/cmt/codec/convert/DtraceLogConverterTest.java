package cmt.codec.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.TraceException;
import cmt.codec.Repairs.Kind;
import org.junit.jupiter.api.Test;

class DtraceLogConverterTest {
    @Test
    void layout2018() {
        String log = """
                call-trace\t1536334807907404599\t50a0805 14\tmalloc\t96\t81d21e100
                call-trace\t1536334807907409000\t50a0805 14\tmalloc\t20\t81d2899a0
                call-trace\t1536334807907411147\t\tfree\t81d2899a0\t
                call-trace\t1536334807909430574\t8099e0663 16\trealloc\t81d21e100 340\t81d279480
                """;
        Converted c = Converted.of(new DtraceLogConverter(), log);
        assertEquals("""
                malloc(96) = 0x81d21e100 ns=1536334807907404599
                malloc(20) = 0x81d2899a0 ns=1536334807907409000
                free(0x81d2899a0) ns=1536334807907411147
                realloc(0x81d21e100, 340) = 0x81d279480 ns=1536334807909430574
                """, c.text());
        assertEquals(0, c.converter().repairs().total());
    }

    @Test
    void headerLayoutKeepsCallocAndAlignedAllocations() {
        String log = """
                @record-type:call-trace\ttimestamp-unix-ns\tcallstack\ttid\tname\targs\tresult\talloc-stack\tcpu-time-ns
                @record-type:aspace-sample\ttimestamp-unix-ns\taspace-size\tcore-file\tcpu-time-ns
                call-trace\t100\tlibc.so.1`malloc+0x10 prog`main+0x20\t101\tcalloc\t4 24\t7000\tmalloc\t5
                call-trace\t110\tprog`main+0x30\t101\tposix_memalign\t64 100\t8000\tmalloc\t6
                call-trace\t120\tprog`main+0x40\t102\taligned_alloc\t32 64\t9000\tmalloc\t7
                call-trace\t130\tprog`main+0x50\t102\tvalloc\t10\ta000\tmalloc\t8
                call-trace\t140\tprog`main+0x60\t102\tmemalign\t128 50\tb000\tmalloc\t9
                aspace-sample\t145\t1048576\tcore.1\t9
                call-trace\t150\tprog`main+0x70\t101\tmmap\t0 4096 3 1002 -1 0\tc000\tmmap\t10
                call-trace\t160\tprog`main+0x80\t101\tmunmap\tc000 4096\t0\tmmap\t11
                call-trace\t170\t\t101\tfree\t7000\t\tmalloc\t12
                call-trace\t180\t\t102\tfree\t8000\t\tmalloc\t13
                call-trace\t190\t\t102\tfree\t9000\t\tmalloc\t14
                call-trace\t200\t\t102\tfree\ta000\t\tmalloc\t15
                call-trace\t210\t\t102\tfree\tb000\t\tmalloc\t16
                call-trace\t220\tprog`main+0x90\t101\trealloc\t0 16\td000\tmalloc\t17
                call-trace\t230\tprog`main+0x90\t101\trealloc\td000 0\t0\tmalloc\t18
                call-trace\t240\tprog`main+0x90\t101\tje_arena_new\t1\te000\tmalloc\t19
                """;
        Converted c = Converted.of(new DtraceLogConverter(), log);
        assertEquals("""
                calloc(4, 24) = 0x7000 tid=101 ns=100
                memalign(64, 100) = 0x8000 tid=101 ns=110
                memalign(32, 64) = 0x9000 tid=102 ns=120
                memalign(4096, 10) = 0xa000 tid=102 ns=130
                memalign(128, 50) = 0xb000 tid=102 ns=140
                free(0x7000) tid=101 ns=170
                free(0x8000) tid=102 ns=180
                free(0x9000) tid=102 ns=190
                free(0xa000) tid=102 ns=200
                free(0xb000) tid=102 ns=210
                malloc(16) = 0xd000 tid=101 ns=220
                free(0xd000) tid=101 ns=230
                """, c.text());
        assertEquals(2, c.count(Kind.MAPPING));
        assertEquals(1, c.count(Kind.REALLOC_NULL));
        assertEquals(1, c.count(Kind.REALLOC_TO_ZERO));
        assertEquals(1, c.count(Kind.OTHER_FUNCTION));
        assertTrue(c.converter().report().contains("skipped functions {je_arena_new=1}"), c.converter().report());
    }

    @Test
    void errorsNameTheLine() {
        assertError("call-trace\t1\t\tmalloc\t96\n", "fixture:1: call-trace record has 5 columns, expected 6");
        assertError("call-trace\t1\t\tmalloc\t96\t10\ndtrace: 12 drops on CPU 0\n",
                "fixture:2: not a dtrace log record (expected call-trace or aspace-sample): dtrace: 12 drops");
        assertError("call-trace\t1\t\tmalloc\t96 4\t10\n", "fixture:1: expected 1 argument, found 2");
        assertError("call-trace\t1\t\tmalloc\t96\t\n", "fixture:1: allocation without a result");
        assertError("call-trace\t1\t\tcalloc\t4294967296 4294967296\t10\n", "fixture:1: calloc size overflows");
        assertError("@record-type:call-trace\ttimestamp-unix-ns\ttid\tname\targs\n",
                "fixture:1: call-trace header lacks the column result");
    }

    private static void assertError(String log, String start) {
        TraceException e = assertThrows(TraceException.class, () -> Converted.of(new DtraceLogConverter(), log));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
