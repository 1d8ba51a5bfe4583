package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The cursor's layout as its class comment draws it, with the example worked there. */
class CursorTest {
    private static void set(long address, long value) {
        Native.ALL.set(ValueLayout.JAVA_LONG, address, value);
    }

    @Test
    void theWorkedExampleReadsAsItsCommentSays() {
        try (Arena arena = Arena.ofConfined()) {
            Cursor c = Cursor.inMemory(arena);
            c.phase(Cursor.REPLAYING);
            long line = Cursor.lane(c.address(), 1, 4242);
            assertEquals(c.address() + 128, line);
            set(line, 99 << 3 | Ops.FREE);
            set(line + 8, 0);
            set(line + 24, 97);
            assertEquals(796, 99 << 3 | Ops.FREE);
            assertEquals("at event 99 (free) on thread 4242", c.where());
            assertEquals(99, c.event());
            assertTrue(c.inCall());
        }
    }

    @Test
    void theThreadInACallIsNamedBeforeOneThatReturnedAndTheEarliestCallFirst() {
        try (Arena arena = Arena.ofConfined()) {
            Cursor c = Cursor.inMemory(arena);
            c.phase(Cursor.REPLAYING);
            long a = Cursor.lane(c.address(), 0, 7);
            long b = Cursor.lane(c.address(), 1, 8);
            long d = Cursor.lane(c.address(), 2, 9);
            // thread 7 returned from event 50; 8 is in a malloc of 16 bytes at 40; 9 in one of 32 at 30
            set(a, 50 << 3);
            set(a + 24, 51);
            set(b, 40 << 3);
            set(b + 8, 16);
            set(d, 30 << 3);
            set(d + 8, 32);
            assertEquals("at event 30 (malloc of 32 bytes) on thread 9", c.where());
            long before = c.eventWord();
            set(d + 24, 31);
            set(b + 24, 41);
            assertTrue(before != c.eventWord(), "a return is progress");
            assertFalse(c.inCall());
            assertEquals("at event 50 (malloc of 0 bytes) on thread 7", c.where(), "the latest call to start");
        }
    }

    @Test
    void aOneThreadReplayUsesTheFirstWords() {
        try (Arena arena = Arena.ofConfined()) {
            Cursor c = Cursor.inMemory(arena);
            c.phase(Cursor.REPLAYING);
            set(c.address(), 9 << 3);
            set(c.address() + 8, 25);
            assertEquals("at event 9 (malloc of 25 bytes)", c.where());
            assertTrue(c.inCall());
        }
    }
}
