package cmt.codec.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Repairs.Kind;
import cmt.codec.TraceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glibc's mtrace log, in the forms glibc 2.36 writes (recorded from small C programs, addresses kept),
 * converted to whole text traces with their site tables. Modules the fixtures name do not exist, except
 * where a test creates them, so that symbolization cannot make the expected text depend on the machine.
 */
class MtraceConverterTest {
    @TempDir
    Path dir;

    private Converted convert(String log) {
        return Converted.withSites(new MtraceConverter(dir, null), log);
    }

    @Test
    void everyRecordKind() {
        // malloc from alloc_a, calloc, free, strdup (its caller is in libc), realloc that moves, realloc(NULL, 5),
        // realloc(p, 0), a failed realloc, a failed malloc, malloc(0) from alloc_a's call again (written without
        // its symbol: the same site), a caller dladdr could not place, no caller, a '-' offset, free(NULL).
        String log = """
                = Start
                @ ./q:[0x1000] - 0x556d9ae60000
                @ ./q:(alloc_a+18)[0x11e1] + 0x556d9ae642a0 0xa
                @ ./q:(main+2a)[0x120d] + 0x556d9ae644a0 0x18
                @ ./q:(main+4d)[0x1230] - 0x556d9ae644a0
                @ /nonexistent/libc.so.6:(__strdup+1a)[0x9e9aa] + 0x556d9ae644a0 0x6
                @ ./q:(main+6d)[0x1280] < 0x556d9ae642a0
                @ ./q:(main+6d)[0x1280] > 0x556d9ae644c0 0x64
                @ ./q:[0x128e] + 0x556d9ae642a0 0x5
                @ ./q:[0x12a3] - 0x556d9ae642a0
                @ ./q:[0x12ba] ! 0x556d9ae644c0 0xfffffffffffffff5
                @ ./q:(main+cb)[0x12de] + (nil) 0xffffffffffffff9b
                @ ./q:[0x11e1] + 0x556d9ae64580 0
                @ [0x7f3a1c2b4e10] + 0x556d9ae64600 0x20
                + 0x556d9ae64700 0x30
                @ ./q:(alloc_b-10)[0x1190] + 0x556d9ae64800 0x40
                @ ./q:[0x13a0] - (nil)
                @ ./q:(main+193)[0x13a6] - 0x556d9ae644c0
                = End
                """;
        Converted c = convert(log);
        assertEquals("""
                malloc(10) = 0x556d9ae642a0 site=0
                malloc(24) = 0x556d9ae644a0 site=1
                free(0x556d9ae644a0)
                malloc(6) = 0x556d9ae644a0 site=2
                realloc(0x556d9ae642a0, 100) = 0x556d9ae644c0 site=3
                malloc(5) = 0x556d9ae642a0 site=4
                free(0x556d9ae642a0)
                malloc(1) = 0x556d9ae64580 site=0
                malloc(32) = 0x556d9ae64600 site=5
                malloc(48) = 0x556d9ae64700
                malloc(64) = 0x556d9ae64800 site=6
                free(0x556d9ae644c0)
                #site\t0\talloc_a\t\t./q\t0x11e1
                #site\t1\tmain\t\t./q\t0x120d
                #site\t2\t__strdup\t\t/nonexistent/libc.so.6\t0x9e9aa
                #site\t3\tmain\t\t./q\t0x1280
                #site\t4\t\t\t./q\t0x128e
                #site\t5\t\t\t\t0x7f3a1c2b4e10
                #site\t6\talloc_b\t\t./q\t0x1190
                """, c.text());
        assertEquals(2, c.count(Kind.FAILED_ALLOCATION));
        assertEquals(11, c.converter().repairs().firstLine(Kind.FAILED_ALLOCATION));
        assertEquals(1, c.count(Kind.ZERO_SIZE));
        assertEquals(1, c.count(Kind.FREE_NULL));
        assertEquals(1, c.count(Kind.FREE_NOT_LIVE));
        assertEquals(2, c.converter().repairs().firstLine(Kind.FREE_NOT_LIVE));
        assertEquals(5, c.converter().repairs().total());
        assertEquals(5, c.converter().live());
        assertTrue(c.converter().report().contains("modules not found, frames left as logged: ./q, /nonexistent/libc.so.6"),
                c.converter().report());
    }

    @Test
    void startAndEndRepeat() {
        String log = """
                = Start
                @ ./p:[0x1182] + 0x10 0xa
                = End
                = Start
                @ ./p:[0x1182] - 0x10
                = End
                = Start
                = End
                """;
        Converted c = convert(log);
        assertEquals("malloc(10) = 0x10 site=0\nfree(0x10)\n#site\t0\t\t\t./p\t0x1182\n", c.text());
        assertTrue(c.converter().report().contains("mtrace was started 3 times: calls made while it was stopped"),
                c.converter().report());
        assertEquals(0, c.converter().repairs().total());
    }

    @Test
    void aStartWhileOpenIsAForkedChild() {
        // What a child forked without exec writes: a copy of the parent's still buffered lines, then its own.
        String log = """
                = Start
                @ ./u:[0x11d5] + 0x20 0x7
                = Start
                @ ./u:[0x11d5] + 0x20 0x7
                @ ./u:[0x1273] + 0x30 0x3e8
                """;
        Converted c = convert(log);
        assertEquals("""
                malloc(7) = 0x20 site=0
                free(0x20)
                malloc(7) = 0x20 site=0
                malloc(1000) = 0x30 site=1
                #site\t0\t\t\t./u\t0x11d5
                #site\t1\t\t\t./u\t0x1273
                """, c.text());
        assertEquals(1, c.count(Kind.ADDRESS_STILL_LIVE));
        assertTrue(c.converter().report().contains("'= Start' at line 3 while the log was open: a process forked"),
                c.converter().report());
    }

    @Test
    void aLastLineWithoutItsLineEndIsCutAndSkipped() {
        // _exit left glibc's buffer unflushed: the log ends in the middle of a pointer.
        Converted c = convert("= Start\n@ ./u:[0x11d5] + 0x5637a3a0 0x10\n@ ./u:[0x1216] + 0x5637a3");
        assertEquals("malloc(16) = 0x5637a3a0 site=0\n#site\t0\t\t\t./u\t0x11d5\n", c.text());
        assertTrue(c.converter().report().contains("the log ends inside a line, which was skipped"), c.converter().report());

        // A whole "= End" without its line end is complete: nothing is said.
        Converted end = convert("= Start\n@ ./u:[0x11d5] + 0x10 0x10\n= End");
        assertEquals("malloc(16) = 0x10 site=0\n#site\t0\t\t\t./u\t0x11d5\n", end.text());
        assertFalse(end.converter().report().contains("inside a line"), end.converter().report());

        // A realloc whose second line was cut off: its result is unknown and its old block stays.
        Converted realloc = convert("@ ./u:[0x11d5] + 0x10 0x10\n@ ./u:[0x11e0] < 0x10\n@ ./u:[0x11e0] > 0x4");
        assertEquals("malloc(16) = 0x10 site=0\n#site\t0\t\t\t./u\t0x11d5\n", realloc.text());
        assertEquals(1, realloc.count(Kind.NO_RESULT));
        assertEquals(1, realloc.converter().live());
    }

    @Test
    void relativeModulesAreTakenFromTheProgramsDirectory() throws IOException {
        Path lib = Files.write(dir.resolve("libl.so"), new byte[0]);
        Path program = Files.write(dir.resolve("u"), new byte[0]);
        String log = """
                @ ./libl.so:(lib_alloc+18)[0x1121] + 0x10 0x7b
                @ u:[0x11d5] + 0x90 0x7
                @ ./gone.so:[0x1000] + 0x100 0x8
                """;
        Converted c = Converted.withSites(new MtraceConverter(dir, program), log);
        assertEquals("malloc(123) = 0x10 site=0\nmalloc(7) = 0x90 site=1\nmalloc(8) = 0x100 site=2\n"
                + "#site\t0\tlib_alloc\t\t" + lib + "\t0x1121\n"
                + "#site\t1\t\t\t" + program + "\t0x11d5\n"
                + "#site\t2\t\t\t./gone.so\t0x1000\n", c.text());
        assertTrue(c.converter().report().contains("module not found, frames left as logged: ./gone.so"),
                c.converter().report());

        // Without the program, its bare argv[0] is a path in the directory like any other.
        Converted bare = Converted.withSites(new MtraceConverter(dir, null), "@ u:[0x11d5] + 0x90 0x7\n@ sh:[0xde89] + 0x10 0x20\n");
        assertTrue(bare.text().contains("#site\t0\t\t\t" + program + "\t0x11d5\n"), bare.text());
        assertTrue(bare.text().contains("#site\t1\t\t\tsh\t0xde89\n"), bare.text());
        assertTrue(bare.converter().report().contains("sh (a name without '/' is the program's argv[0] as run from PATH"),
                bare.converter().report());
    }

    @Test
    void aProgramLinkedAtAFixedAddressGetsItsFirstSegmentsAddressBack() throws IOException {
        // glibc subtracts where the first page is mapped; the program's own addresses start at 0x400000.
        Path nopie = Files.write(dir.resolve("unp"), elf(0x400000));
        Converted c = convert("@ ./unp:[0x11c2] + 0x10 0x7\n");
        assertEquals("malloc(7) = 0x10 site=0\n#site\t0\t\t\t" + nopie + "\t0x4011c2\n", c.text());
        assertEquals(0x400000, MtraceConverter.loadBase(nopie));
        assertEquals(0, MtraceConverter.loadBase(Files.write(dir.resolve("pie"), elf(0))));
        assertEquals(0, MtraceConverter.loadBase(Files.write(dir.resolve("short"), new byte[] {0x7f, 'E', 'L', 'F', 2})));
    }

    /** An ELF64 header with a PT_PHDR and then a PT_LOAD at {@code load}. */
    private static byte[] elf(long load) {
        ByteBuffer b = ByteBuffer.allocate(64 + 2 * 56).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putLong(32, 64).putShort(54, (short) 56).putShort(56, (short) 2);
        b.putInt(64, 6).putLong(64 + 16, load + 64);
        b.putInt(64 + 56, 1).putLong(64 + 56 + 16, load);
        return b.array();
    }

    @Test
    void crLfAndBlankLinesAreRead() {
        Converted c = convert("= Start\r\n\r\n@ ./p:[0x1182] + 0x10 0xa\r\n@ ./p:[0x11bf] - 0x10\r\n= End\r\n");
        assertEquals("malloc(10) = 0x10 site=0\nfree(0x10)\n#site\t0\t\t\t./p\t0x1182\n", c.text());
    }

    @Test
    void badLinesAreRefusedWithFileAndLine() {
        refused("= Start\nmalloc(8) = 0x10\n", "fixture:2: not a glibc mtrace line");
        refused("= Begin\n", "fixture:1: unknown marker (glibc writes '= Start' and '= End')");
        refused("@ ./p:0x1182 + 0x10 0xa\n", "fixture:1: the caller of an mtrace record ends in '[0xOFFSET] '");
        refused("@ ./p:[0x11zz] + 0x10 0xa\n", "fixture:1: unreadable offset in the caller's [0x...]");
        refused("@ ./p(main)[0x1182] + 0x10 0xa\n", "fixture:1: the caller is MODULE:[0xOFFSET] or MODULE:(FUNCTION+OFFSET)");
        refused("@ ./p:(main+xy)[0x1182] + 0x10 0xa\n", "fixture:1: unreadable offset after the caller's function");
        refused("= Start\n@ ./p:[0x1182] * 0x10 0xa\n", "fixture:2: expected an mtrace record (+, -, <, > or ! and a pointer)");
        refused("+ 0x10\n", "fixture:1: expected ' ' at column 7");
        refused("+ 0x10 0xa 12\n", "fixture:1: unexpected text after the mtrace record");
        refused("- 0x10 0xa\n", "fixture:1: unexpected text after the mtrace record");
        refused("+ nil 0xa\n", "fixture:1: expected a hexadecimal number at column 3");
        refused("+ 0x10 0x10000000000000000\n", "fixture:1: hexadecimal number longer than 64 bits");
        refused("< 0x10\n+ 0x20 0x8\n", "fixture:2: realloc's '<' line is not followed by its '>' line");
        refused("= Start\n> 0x20 0x8\n", "fixture:2: a '>' line (realloc's new block) without the '<' line before it");
        // A forked child's piece of the log cut into the parent's line (as recorded from a program that forks).
        refused("= Start\n@ ./u:[0x12aa= Start\n", "fixture:2: two records run into one line: a process forked");
        refused("@ ./u:[0x1273] + 0x55bd@ ./u:[0x127b] - 0x55bdd8c3a530\n", "fixture:1: two records run into one line");
        TraceException empty = assertThrows(TraceException.class, () -> convert(""));
        assertTrue(empty.getMessage().startsWith("fixture: byte 0: empty: mtrace wrote nothing, not even its '= Start'"),
                empty.getMessage());
    }

    private void refused(String log, String start) {
        TraceException e = assertThrows(TraceException.class, () -> convert(log));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
