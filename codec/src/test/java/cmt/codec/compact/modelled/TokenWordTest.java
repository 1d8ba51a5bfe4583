package cmt.codec.compact.modelled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.compact.OpCode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The token word is FORMAT.md's {@code meta = (op + 1) | kind << 3 | dkind << 4 | extra << 8 | dv << 24}. */
class TokenWordTest {
    @Test
    void aWordIsTheFormulaAndItsFieldsComeBack() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 10_000; k++) {
            int op = rnd.nextInt(OpCode.COUNT);
            int kind = rnd.nextInt(2);
            int dkind = rnd.nextInt(2);
            long extra = rnd.nextLong(1 << 16);
            long dv = rnd.nextLong(1L << 40);
            assertTrue(TokenWord.fits(extra, dv));
            long m = TokenWord.pack(op, kind, dkind, extra, dv);
            assertEquals((op + 1) | kind << 3 | dkind << 4 | extra << 8 | dv << 24, m);
            assertEquals(op, TokenWord.op(m));
            assertEquals(op + 1, TokenWord.opBits(m));
            assertEquals(kind, TokenWord.kind(m));
            assertEquals(dkind, TokenWord.dkind(m));
            assertEquals(kind == 1, TokenWord.sizeRelative(m));
            assertEquals(dkind == 1, TokenWord.distRelative(m));
            assertEquals(extra, TokenWord.extra(m));
            assertEquals(dv, TokenWord.dv(m));
            assertEquals(TokenWord.code(op, kind, dkind), TokenWord.code(m));
            assertEquals(m & 0xFFFFFF, m & TokenWord.BELOW_DV);
            assertTrue(TokenWord.sameOpAndExtra(m, TokenWord.pack(op, 1 - kind, 1 - dkind, extra, dv + 1)));
            assertFalse(TokenWord.sameOpAndExtra(m, TokenWord.pack(op, kind, dkind, extra ^ 1, dv)));
            assertFalse(TokenWord.sameOpAndExtra(m, TokenWord.pack((op + 1) % OpCode.COUNT, kind, dkind, extra, dv)));
        }
        assertEquals(0xFFFF07L, TokenWord.OP_AND_EXTRA);
        assertFalse(TokenWord.fits(1 << 16, 0));
        assertFalse(TokenWord.fits(0, 1L << 40));
    }
}
