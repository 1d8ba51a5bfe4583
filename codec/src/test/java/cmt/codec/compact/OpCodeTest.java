package cmt.codec.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.codec.Op;
import org.junit.jupiter.api.Test;

/** The format's operation codes are the ordinals of {@link Op}, and agree on what creates and ends a block. */
class OpCodeTest {
    @Test
    void theCodesAreTheOrdinals() {
        assertEquals(Op.MALLOC.ordinal(), OpCode.MALLOC);
        assertEquals(Op.CALLOC.ordinal(), OpCode.CALLOC);
        assertEquals(Op.ALIGNED.ordinal(), OpCode.ALIGNED);
        assertEquals(Op.REALLOC.ordinal(), OpCode.REALLOC);
        assertEquals(Op.FREE.ordinal(), OpCode.FREE);
        assertEquals(Op.values().length, OpCode.COUNT);
        for (Op op : Op.values()) {
            assertEquals(op.creates(), OpCode.creates(op.ordinal()), op.name());
            assertEquals(op.releases(), OpCode.releases(op.ordinal()), op.name());
        }
    }
}
