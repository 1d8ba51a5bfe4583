package cmt.codec.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Repairs.Kind;
import cmt.codec.Sites;
import cmt.codec.Sites.Frame;
import cmt.codec.TraceException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaptrackConverterTest {
    /** What heaptrack 1.4 wrote for a small C program (modules and stacks shortened): see the comments in the test. */
    private static final String RAW = """
            v 10400 3
            x 9 /tmp/ht/t
            X ./t
            I 1000 5e2922
            m 1 -
            m 1 x 55646319a000 0 848 1000 349 2000 104 3dd0 298
            t 7fa9aefe4b9f 0
            + 11c00 1 5564954a0530
            t 55646319b100 0
            + a 2 5564954b21d0
            - 5564954b21d0
            t 55646319b21c 2
            + 64 3 5564954b22b0
            + 0 3 5564954b21d0
            + 10 2 5564954b2810
            c 1
            R 3ec
            - 5564954b2580
            + 20 3 5564954b2810
            - 5564954b22b0
            """;

    /** Object paths that exist nowhere, so that the symbolizer leaves every frame as recorded. */
    private static final String PROG = "/nonexistent/my prog";
    private static final String LIBFOO = "/nonexistent/libfoo.so.1";
    private static final String LIBBAR = "/nonexistent/libbar.so.2";

    @Test
    void rawRecords() {
        Converted c = Converted.of(new HeaptrackConverter(), RAW);
        // realloc(a, 100) is "- a" then "+ 64"; malloc(0) has size 0; memalign's block (2580) was never
        // seen; realloc(r, 0) freed 2810 without a record, so its address comes back while still live.
        assertEquals("""
                malloc(72704) = 0x5564954a0530 site=1
                malloc(10) = 0x5564954b21d0 site=2
                free(0x5564954b21d0)
                malloc(100) = 0x5564954b22b0 site=3
                malloc(1) = 0x5564954b21d0 site=3
                malloc(16) = 0x5564954b2810 site=2
                free(0x5564954b2810)
                malloc(32) = 0x5564954b2810 site=3
                free(0x5564954b22b0)
                """, c.text());
        assertEquals(1, c.count(Kind.ZERO_SIZE));
        assertEquals(14, c.converter().repairs().firstLine(Kind.ZERO_SIZE));
        assertEquals(1, c.count(Kind.FREE_NOT_LIVE));
        assertEquals(18, c.converter().repairs().firstLine(Kind.FREE_NOT_LIVE));
        assertEquals(1, c.count(Kind.ADDRESS_STILL_LIVE));
        assertEquals(3, c.converter().live());
    }

    @Test
    void stacksAreTheTreeNodesInTheObjectsLoadedWhenEachWasWritten() {
        // The program at 555555554000 in two segments, libfoo at 7f0000000000. Each 't' IP is a return
        // address minus one; the frames hold return addresses in their object's own terms.
        String raw = "v 10400 3\n"
                + "x " + sized(PROG) + "\n"
                + "m 1 -\n"
                + "m 1 x 555555554000 0 1000 1000 2000\n"
                + "m " + sized(LIBFOO) + " 7f0000000000 0 3000\n"
                + "t 555555555123 0\n"            // node 1: main, in the program
                + "t 7f0000001abc 1\n"            // node 2: a libfoo function main called
                + "+ 10 2 1000\n"
                + "t 600000000000 1\n"            // node 3: in no object (JIT code, say)
                + "+ 20 3 2000\n"
                + "+ 30 2 3000\n"
                + "+ 8 0 4000\n"                  // no stack
                + "t 555555556fff 1\n"            // node 4: a call in the segment's last byte
                + "+ 40 4 5000\n"
                + "m 1 -\n"                       // dlclose(libfoo), dlopen(libbar) at the same place
                + "m 1 x 555555554000 0 1000 1000 2000\n"
                + "m " + sized(LIBBAR) + " 7f0000000000 0 3000\n"
                + "t 555555555456 0\n"            // node 5: another caller in the program
                + "t 7f0000001abc 5\n"            // node 6: node 2's address, now in libbar
                + "t 7f0000002000 6\n"            // node 7: called by node 6
                + "+ 50 7 6000\n"
                + "+ 60 2 7000\n"                 // node 2 keeps the object of its own 't' line
                + "- 1000\n";
        Converted c = Converted.of(new HeaptrackConverter(), raw);
        assertEquals("""
                malloc(16) = 0x1000 site=2
                malloc(32) = 0x2000 site=3
                malloc(48) = 0x3000 site=2
                malloc(8) = 0x4000
                malloc(64) = 0x5000 site=4
                malloc(80) = 0x6000 site=7
                malloc(96) = 0x7000 site=2
                free(0x1000)
                """, c.text());
        Frame main = Frame.at(PROG, 0x1124);
        Map<Long, List<Frame>> expected = Map.of(
                2L, List.of(Frame.at(LIBFOO, 0x1abd), main),
                3L, List.of(Frame.at(null, 0x600000000001L), main),
                // One past the segment's end, but the call is inside it.
                4L, List.of(Frame.at(PROG, 0x3000), main),
                7L, List.of(Frame.at(LIBBAR, 0x2001), Frame.at(LIBBAR, 0x1abd), Frame.at(PROG, 0x1457)));
        assertEquals(expected, c.converter().sites().asMap());
    }

    @Test
    void version2StringsEndAtABlankAndItsAddressesAreReturnAddresses() {
        // heaptrack 1.2: strings unsized, the executable's path the rest of its line, IPs not yet decremented.
        String v2 = """
                v 10200 2
                x /nonexistent/my prog
                m -
                m x 555555554000 0 1000
                m /nonexistent/libfoo.so.1 7f0000000000 0 3000
                t 555555554124 0
                t 7f0000001abd 1
                + 10 2 1000
                t 555555555000 1
                + 20 3 2000
                """;
        // The same run as heaptrack 1.4 writes it.
        String v3 = "v 10400 3\nx " + sized(PROG) + "\nm 1 -\nm 1 x 555555554000 0 1000\nm " + sized(LIBFOO)
                + " 7f0000000000 0 3000\nt 555555554123 0\nt 7f0000001abc 1\n+ 10 2 1000\nt 555555554fff 1\n+ 20 3 2000\n";
        Map<Long, List<Frame>> expected = Map.of(
                2L, List.of(Frame.at(LIBFOO, 0x1abd), Frame.at(PROG, 0x124)),
                3L, List.of(Frame.at(PROG, 0x1000), Frame.at(PROG, 0x124)));
        assertEquals(expected, Converted.of(new HeaptrackConverter(), v2).converter().sites().asMap());
        assertEquals(expected, Converted.of(new HeaptrackConverter(), v3).converter().sites().asMap());
    }

    @Test
    void pathsAreUtf8AndMayHoldBlanks() {
        // "café lib.so" in UTF-8: the length counts bytes (é is two).
        String path = "/nonexistent/caf\u00c3\u00a9 lib.so";
        String raw = "v 10400 3\nm 1 -\nm 19 " + path + " 7f0000000000 0 1000\nt 7f00000000ff 0\n+ 10 1 1000\n";
        assertEquals(0x19, path.length());
        Sites s = Converted.of(new HeaptrackConverter(), raw).converter().sites();
        assertEquals(List.of(Frame.at("/nonexistent/café lib.so", 0x100)), s.frames(1));
    }

    @Test
    void withoutAnXLineTheProgramsFramesKeepProcessAddresses() {
        String raw = "v 10400 3\nm 1 -\nm 1 x 555555554000 0 1000\nt 555555554123 0\n+ 10 1 1000\n";
        assertEquals(Map.of(1L, List.of(Frame.at(null, 0x555555554124L))),
                Converted.of(new HeaptrackConverter(), raw).converter().sites().asMap());
    }

    @Test
    void malformedStackAndModuleRecordsNameTheLine() {
        String head = "v 10400 3\nt 10 0\nt 20 1\n";
        assertError(head + "t 30\n", "fixture:4: expected a hexadecimal number at column 5: t 30");
        assertError(head + "t 30 3\n", "fixture:4: call-stack node 3 names parent 3, which no earlier 't' line defined");
        assertError(head + "t 30 1 0\n", "fixture:4: unexpected text after the heaptrack record");
        assertError(head + "+ 10 3 1000\n",
                "fixture:4: allocation at call-stack node 3, which no 't' line defined (2 nodes so far)");
        assertError(head + "m 1 x\n", "fixture:4: expected a hexadecimal number at column 6");
        assertError(head + "m 9 /lib/a.so\n", "fixture:4: expected a hexadecimal number at column 14");
        assertError(head + "m 20 /lib/a.so 7f00\n", "fixture:4: a string of 32 bytes runs past the end of the line");
        assertError(head + "m 2 /lib/a.so 7f00\n", "fixture:4: no blank after the string of 2 bytes");
        assertError(head + "m 1 x 7f00 0 1000 2000\n", "fixture:4: 'm' line: segment at 2000 without its size");
        assertError(head + "m 0  7f00\n", "fixture:4: 'm' line without a file name");
        assertError(head + "x 0 \n", "fixture:4: 'x' line without the executable's path");
        assertError(head + "x 10 /bin/ls\n", "fixture:4: a string of 16 bytes runs past the end of the line");
        assertError("v 10400\n", "fixture:1: expected a hexadecimal number at column 8");
        StringBuilder deep = new StringBuilder("v 10400 3\n");
        for (int i = 0; i <= HeaptrackConverter.MAX_DEPTH; i++) {
            deep.append("t ").append(Integer.toHexString(0x1000 + i)).append(' ').append(Integer.toHexString(i)).append('\n');
        }
        assertError(deep.toString(), "fixture:" + (HeaptrackConverter.MAX_DEPTH + 2) + ": call stack deeper than 256 frames");
    }

    @Test
    void interpretedDataIsRefusedNamingTheLine() {
        String interpreted = "v 10400 3\nX ./t\ns 5 main\na 40 1\n+ 0\n";
        TraceException e = assertThrows(TraceException.class, () -> Converted.of(new HeaptrackConverter(), interpreted));
        assertTrue(e.getMessage().startsWith("fixture:3: interpreted heaptrack data"), e.getMessage());
        TraceException plus = assertThrows(TraceException.class, () -> Converted.of(new HeaptrackConverter(), "+ 0\n"));
        assertTrue(plus.getMessage().startsWith("fixture:1: interpreted heaptrack data"), plus.getMessage());
    }

    @Test
    void badRecordsNameTheLine() {
        TraceException e = assertThrows(TraceException.class,
                () -> Converted.of(new HeaptrackConverter(), "t 10 0\n+ 10 1 55aa\n- 55zz\n"));
        assertTrue(e.getMessage().startsWith("fixture:3: unexpected text after the heaptrack record: - 55zz"),
                e.getMessage());
    }

    @Test
    void otherTextIsRefusedAtItsFirstLine() {
        TraceException e = assertThrows(TraceException.class,
                () -> Converted.of(new HeaptrackConverter(), "v 10400 3\nmalloc(8) = 0x10\n"));
        assertTrue(e.getMessage().startsWith("fixture:2: not heaptrack raw data"), e.getMessage());
    }

    /** {@code LEN STRING} as heaptrack writes strings from file version 3 on (one char per byte here). */
    private static String sized(String s) {
        return Integer.toHexString(s.length()) + " " + s;
    }

    private static void assertError(String raw, String start) {
        TraceException e = assertThrows(TraceException.class, () -> Converted.of(new HeaptrackConverter(), raw));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
