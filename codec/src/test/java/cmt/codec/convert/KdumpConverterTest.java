package cmt.codec.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.TraceException;
import cmt.codec.Repairs.Kind;
import org.junit.jupiter.api.Test;

class KdumpConverterTest {
    @Test
    void plainKdumpWithOtherRecordsInterleaved() {
        String kdump = """
                 61039 make     CALL  mmap(0,0x200000,0x3<PROT_READ|PROT_WRITE>,0x1002<MAP_PRIVATE|MAP_ANON>,0xffffffff,0)
                 61039 make     RET   mmap 34365243392/0x800600000
                 61039 make     USER  malloc_init()
                 61039 make     USER  0x800607420 = malloc(26)
                 61039 make     NAMI  "/etc/make.conf"
                 61039 make     USER  0x800607440 = realloc(0x800607420, 17)
                 61039 make     USER  free(0x0)
                 61039 make     USER  free(0x800607440)
                 61039 make     USER  RTLD: dlopen("libfoo.so")
                       "a continuation line of a GIO dump"
                """;
        Converted c = Converted.of(new KdumpConverter(null), kdump);
        assertEquals("""
                malloc(26) = 0x800607420
                realloc(0x800607420, 17) = 0x800607440
                free(0x800607440)
                """, c.text());
        assertEquals(1, c.count(Kind.FREE_ZERO_JEMALLOC));
        assertEquals(7, c.converter().repairs().firstLine(Kind.FREE_ZERO_JEMALLOC));
        assertEquals(1, c.converter().repairs().total());
    }

    @Test
    void threadIdsTimesAbiAndLongCommandNames() {
        String kdump = """
                 61039 100201 make     1536334807.907404 USER  0x800607420 = malloc(26)
                 61039 100202 make     1536334807.907411 USER  0x800607440 = malloc(8)
                 61039 100201 make     1536334807.907404599 0.000007 USER  F64  free(0x800607420)
                  1234 100300 a long command name 12.000001 USER  0x800700000 = malloc(1)
                """;
        Converted c = Converted.of(new KdumpConverter(61039L), kdump);
        assertEquals("""
                malloc(26) = 0x800607420 tid=100201 ns=1536334807907404000
                malloc(8) = 0x800607440 tid=100202 ns=1536334807907411000
                free(0x800607420) tid=100201 ns=1536334807907404599
                """, c.text());
        assertEquals(1, c.count(Kind.OTHER_PROCESS));
        assertTrue(c.converter().report().contains("skipped pid 1234 (1 records)"), c.converter().report());
    }

    @Test
    void commandNameWithBlanksAndTheWordUser() {
        String kdump = """
                   77 Web Content USER  0x10 = malloc(4)
                   77 USER     USER  free(0x10)
                """;
        assertEquals("malloc(4) = 0x10\nfree(0x10)\n", Converted.of(new KdumpConverter(null), kdump).text());
    }

    @Test
    void jemallocOddities() {
        String kdump = """
                   10 prog     USER  0x0 = malloc(1099511627776)
                   10 prog     USER  free(0x0)
                   10 prog     USER  free(0x80000a000)
                   10 prog     USER  0x800010000 = realloc(0x80000b000, 64)
                   10 prog     USER  0x800020000 = realloc(0x0, 32)
                   10 prog     USER  0x800030000 = malloc(16)
                   10 prog     USER  0x800030000 = malloc(16)
                   10 prog     USER  0x800040000 = realloc(0x800030000, 1)
                """;
        Converted c = Converted.of(new KdumpConverter(null), kdump);
        assertEquals("""
                malloc(64) = 0x800010000
                malloc(32) = 0x800020000
                malloc(16) = 0x800030000
                free(0x800030000)
                malloc(16) = 0x800030000
                realloc(0x800030000, 1) = 0x800040000
                """, c.text());
        assertEquals(1, c.count(Kind.FAILED_ALLOCATION));
        assertEquals(1, c.count(Kind.FREE_ZERO_JEMALLOC));
        assertEquals(1, c.count(Kind.FREE_NOT_LIVE));
        assertEquals(1, c.count(Kind.REALLOC_NOT_LIVE));
        assertEquals(1, c.count(Kind.REALLOC_NULL));
        assertEquals(1, c.count(Kind.ADDRESS_STILL_LIVE));
        assertEquals(7, c.converter().repairs().firstLine(Kind.ADDRESS_STILL_LIVE));
        assertEquals(3, c.converter().live());
    }

    @Test
    void errorsNameTheLine() {
        String kdump = """
                   10 prog     USER  0x10 = malloc(4)
                   10 prog     USER  0x20 = malloc(four)
                """;
        TraceException e = assertThrows(TraceException.class, () -> Converted.of(new KdumpConverter(null), kdump));
        assertTrue(e.getMessage().startsWith("fixture:2: expected a decimal number at column"), e.getMessage());
        assertTrue(e.getMessage().endsWith("0x20 = malloc(four)"), e.getMessage());
    }

    @Test
    void inputWithoutJemallocRecordsSaysHowToRecordThem() {
        Converted c = Converted.of(new KdumpConverter(null), "   10 prog     CALL  write(0x1,0x7fff,0x5)\n");
        assertEquals("", c.text());
        assertTrue(c.converter().report().endsWith(
                "no jemalloc utrace records: was the program run with MALLOC_CONF=utrace:true under ktrace -t u?"),
                c.converter().report());
    }
}
