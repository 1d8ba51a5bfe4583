package cmt.codec.compact;

import cmt.codec.Op;

/**
 * The operation codes both codings write, the ordinals of {@link Op} ({@code FORMAT.md} sections 3.1 and 7):
 * named here so that the coders compare codes by name, not number, and {@code OpCodeTest} holds them to
 * the enum's order, which the format's bytes depend on.
 */
public final class OpCode {
    public static final int MALLOC = 0;
    public static final int CALLOC = 1;
    public static final int ALIGNED = 2;
    public static final int REALLOC = 3;
    public static final int FREE = 4;
    /** How many codes there are; a code at or above this is no operation. */
    public static final int COUNT = 5;

    private OpCode() {
    }

    /** True if operation {@code code} ends a block (realloc and free). */
    public static boolean releases(int code) {
        return code >= REALLOC;
    }

    /** True if operation {@code code} creates a block (every operation but free). */
    public static boolean creates(int code) {
        return code != FREE;
    }
}
