package cmt.codec.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Repairs.Kind;
import cmt.codec.Sites.Frame;
import cmt.codec.TraceException;
import java.util.List;
import java.util.Map;
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
                malloc(96) = 0x81d21e100 ns=1536334807907404599 site=0
                malloc(20) = 0x81d2899a0 ns=1536334807907409000 site=0
                free(0x81d2899a0) ns=1536334807907411147
                realloc(0x81d21e100, 340) = 0x81d279480 ns=1536334807909430574 site=1
                """, c.text());
        assertEquals(0, c.converter().repairs().total());
        assertEquals(Map.of(0L, List.of(Frame.at(null, 0x50a0805), Frame.at(null, 0x14)),
                1L, List.of(Frame.at(null, 0x8099e0663L), Frame.at(null, 0x16))), c.converter().sites().asMap());
    }

    @Test
    void stacks2018BecomeSitesInOrderOfFirstAppearance() {
        String log = """
                #timestamp-unix-ns\tcallstack\tname\targs\tresult
                call-trace\t10\t0x401a2b 0x4011f0\tmalloc\t8\t1000
                call-trace\t20\t401b00 4011f0\tcalloc\t2 8\t2000
                call-trace\t30\t0x401a2b 0x4011f0\tmalloc\t8\t3000
                call-trace\t40\t\tmalloc\t8\t4000
                call-trace\t50\t401c00\tfree\t1000\t
                call-trace\t60\t401d00 4011f0\trealloc\t2000 64\t5000
                call-trace\t70\t401b00 4011f0\tposix_memalign\t16 32\t6000
                """;
        Converted c = Converted.of(new DtraceLogConverter(), log);
        assertEquals("""
                malloc(8) = 0x1000 ns=10 site=0
                calloc(2, 8) = 0x2000 ns=20 site=1
                malloc(8) = 0x3000 ns=30 site=0
                malloc(8) = 0x4000 ns=40
                free(0x1000) ns=50
                realloc(0x2000, 64) = 0x5000 ns=60 site=2
                memalign(16, 32) = 0x6000 ns=70 site=1
                """, c.text());
        // The free's stack is none of the allocations' and gets no id.
        assertEquals(Map.of(
                0L, List.of(Frame.at(null, 0x401a2b), Frame.at(null, 0x4011f0)),
                1L, List.of(Frame.at(null, 0x401b00), Frame.at(null, 0x4011f0)),
                2L, List.of(Frame.at(null, 0x401d00), Frame.at(null, 0x4011f0))), c.converter().sites().asMap());
    }

    @Test
    void headerLayoutStacksKeepWhatUstackPrinted() {
        // The callstack column is not the third here: it is found by name.
        String log = "@record-type:call-trace\ttid\ttimestamp-unix-ns\tname\targs\tresult\tcallstack\n"
                + "call-trace\t7\t100\tmalloc\t24\t1000\tlibc.so.7`malloc+0x2a prog`main+0x1f4 prog`_start+0x9b\n"
                + "call-trace\t7\t110\tmalloc\t24\t2000\tlibc.so.7`0x8011a2b3c prog`main 0x4012ab\n"
                + "call-trace\t7\t120\tmalloc\t24\t3000\t"
                + "libc++.so.1`std::vector<int>::push_back(int---const&)+0x10 <<---JIT---frame--->>\n"
                + "call-trace\t8\t130\tmalloc\t24\t4000\tlibc.so.7`malloc+0x2a prog`main+0x1f4 prog`_start+0x9b\n"
                + "call-trace\t8\t140\tfree\t1000\t\t\n"
                + "call-trace\t8\t150\tmalloc\t24\t5000\t  \n";
        Converted c = Converted.of(new DtraceLogConverter(), log);
        assertEquals("""
                malloc(24) = 0x1000 tid=7 ns=100 site=0
                malloc(24) = 0x2000 tid=7 ns=110 site=1
                malloc(24) = 0x3000 tid=7 ns=120 site=2
                malloc(24) = 0x4000 tid=8 ns=130 site=0
                free(0x1000) tid=8 ns=140
                malloc(24) = 0x5000 tid=8 ns=150
                """, c.text());
        assertEquals(Map.of(
                0L, List.of(new Frame("libc.so.7", 0x2a, "malloc", null, 0), new Frame("prog", 0x1f4, "main", null, 0),
                        new Frame("prog", 0x9b, "_start", null, 0)),
                1L, List.of(Frame.at("libc.so.7", 0x8011a2b3cL), new Frame("prog", 0, "main", null, 0),
                        Frame.at(null, 0x4012ab)),
                2L, List.of(new Frame("libc++.so.1", 0x10, "std::vector<int>::push_back(int const&)", null, 0),
                        new Frame(null, 0, "<< JIT frame >>", null, 0))), c.converter().sites().asMap());
    }

    @Test
    void headerWithoutACallstackColumnHasNoSites() {
        String log = "@record-type:call-trace\ttimestamp-unix-ns\ttid\tname\targs\tresult\n"
                + "call-trace\t100\t7\tmalloc\t24\t1000\n";
        Converted c = Converted.of(new DtraceLogConverter(), log);
        assertEquals("malloc(24) = 0x1000 tid=7 ns=100\n", c.text());
        assertTrue(c.converter().sites().isEmpty());
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
                calloc(4, 24) = 0x7000 tid=101 ns=100 site=0
                memalign(64, 100) = 0x8000 tid=101 ns=110 site=1
                memalign(32, 64) = 0x9000 tid=102 ns=120 site=2
                memalign(4096, 10) = 0xa000 tid=102 ns=130 site=3
                memalign(128, 50) = 0xb000 tid=102 ns=140 site=4
                free(0x7000) tid=101 ns=170
                free(0x8000) tid=102 ns=180
                free(0x9000) tid=102 ns=190
                free(0xa000) tid=102 ns=200
                free(0xb000) tid=102 ns=210
                malloc(16) = 0xd000 tid=101 ns=220 site=5
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
